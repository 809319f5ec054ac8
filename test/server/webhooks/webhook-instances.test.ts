/**
 * Several service instances on one PostgreSQL database: each delivery is claimed by one instance
 * (FOR UPDATE SKIP LOCKED and a lease), so no webhook is ever sent twice, and a V2 nonce used on
 * one instance is refused on the other.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signRequestHeaders } from '../../../shared/signing/shared-key';
import { rawGet } from '../../support/raw-request';
import { call, clientIncident, createAccount, launchCandidate } from '../../support/service-client';
import {
  createTestDatabase,
  describePostgresOnly,
  startTestService,
  type TestDatabase,
  type TestService,
} from '../../support/service-harness';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../../support/webhook-receiver';

describePostgresOnly('two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let first: TestService;
  let second: TestService;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Both dispatchers poll the same outbox every 20 ms.
    const options = { backgroundJobs: true, webhookRetryBaseMs: 50, webhookPollIntervalMs: 20 };
    first = await startTestService('postgres', options, database);
    second = await startTestService('postgres', options, database);
    receiver = await startWebhookReceiver(() => 200);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await receiver?.close();
    await database?.dispose();
  });

  it('delivers each webhook exactly once between them', async () => {
    const account = await createAccount(first);
    await call(first.baseUrl, 'PUT', '/v1/webhooks', { key: account, body: { url: receiver.url } });
    const candidates = await Promise.all([launchCandidate(first, { account }), launchCandidate(second, { account })]);
    await Promise.all(
      candidates.flatMap((candidate) =>
        [first, second].map((service) =>
          call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
            key: candidate.sessionKey,
            body: { incidents: Array.from({ length: 20 }, () => clientIncident('FOCUS_LOST')) },
          }),
        ),
      ),
    );
    // 2 SESSION_JOINED + 80 reported.
    const expected = 82;
    await waitFor('every delivery', async () => {
      const rows = await first.app.database.db.selectFrom('webhook_outbox').select(['status']).execute();
      return rows.length === expected && rows.every((row) => row.status === 'delivered');
    });
    const ids = receiver.received.map((webhook) => webhook.headers['x-vigil-delivery-id']);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('refuses on one instance a nonce already used on the other', async () => {
    const account = await createAccount(first);
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      keyId: account.keyId,
      secretKey: account.secretKey,
      method: 'GET',
      url: '/v1/webhooks',
      // Both instances are addressed by the same name, as behind a load balancer.
      host: 'exams.example.org',
    });
    const send = (baseUrl: string) => rawGet(`${baseUrl}/v1/webhooks`, { ...headers, host: 'exams.example.org' });
    expect((await send(first.baseUrl)).status).toBe(200);
    const replay = await send(second.baseUrl);
    expect(replay.status).toBe(403);
    expect((JSON.parse(replay.body) as { error: { code: string } }).error.code).toBe('nonce_reused');
  });
});
