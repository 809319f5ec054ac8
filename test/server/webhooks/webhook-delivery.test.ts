/**
 * Webhook delivery to a real local HTTP receiver: ExamUnit's payload, X-Signature over the raw
 * body, and the retry rules (2xx delivered; 3xx/4xx final, redirects not followed; 5xx, refused
 * connections and timeouts retried with backoff, a new `timestamp` and the same `triggeredAt`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { webhookPayloadSchema } from '../../../shared/api/webhooks';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../../shared/signing/webhook-signature';
import type { WebhookOutboxRow } from '../../../server/db/schema';
import { call, clientIncident, createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  startWebhookReceiver,
  waitFor,
  type ReceiverAnswer,
  type WebhookReceiver,
} from '../../support/webhook-receiver';

describeEachBackend('webhook delivery', (backend) => {
  let service: TestService;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    service = await startTestService(backend, {
      backgroundJobs: true,
      webhookRetryBaseMs: 100,
      webhookPollIntervalMs: 50,
      webhookTimeoutMs: 500,
    });
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(() => service?.close());

  async function accountWithReceiver(answer?: (index: number) => ReceiverAnswer, incidentTypes: string[] = []) {
    const receiver = await startWebhookReceiver(answer);
    receivers.push(receiver);
    const account = await createAccount(service);
    const put = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key: account,
      body: { url: receiver.url, incidentTypes },
    });
    expect(put.status).toBe(200);
    return { receiver, account };
  }

  const outboxRows = (sessionId: string): Promise<WebhookOutboxRow[]> =>
    service.app.repositories.webhookOutbox.listForSession(sessionId);

  async function settled(sessionId: string, count = 1): Promise<WebhookOutboxRow[]> {
    return waitFor(`${count} settled deliveries`, async () => {
      const rows = await outboxRows(sessionId);
      return rows.length === count && rows.every((row) => row.status !== 'pending') ? rows : undefined;
    });
  }

  it('delivers ExamUnit’s payload with a valid X-Signature of the raw body', async () => {
    const { receiver, account } = await accountWithReceiver();
    const candidate = await launchCandidate(service, { account });
    const [row] = await settled(candidate.session.sessionId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 });
    expect(receiver.received).toHaveLength(1);
    const [webhook] = receiver.received;
    expect(webhook!.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(account.webhookSecret, webhook!.rawBody));
    expect(webhook!.headers[WEBHOOK_SIGNATURE_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook!.headers['content-type']).toBe('application/json');
    const payload = webhookPayloadSchema.parse(webhook!.payload);
    expect(payload).toMatchObject({
      incidentType: 'SESSION_JOINED',
      sessionId: candidate.session.sessionId,
      candidateId: candidate.session.sessionId,
      examId: candidate.exam.id,
      externalUserId: expect.stringMatching(/^student-/),
      additionalData: { severity: 'low', details: { client: { kind: 'desktop' } } },
    });
    expect(Object.keys(webhook!.payload).slice(0, 2)).toEqual(['timestamp', 'triggeredAt']);
  });

  it('500 then 200: exactly two attempts, same triggeredAt, a new timestamp', async () => {
    const { receiver, account } = await accountWithReceiver((index) => (index === 0 ? 500 : 200));
    const candidate = await launchCandidate(service, { account });
    const [row] = await settled(candidate.session.sessionId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received.map((webhook) => webhook.payload);
    expect(second!.triggeredAt).toBe(first!.triggeredAt);
    expect(Date.parse(second!.timestamp)).toBeGreaterThan(Date.parse(first!.timestamp));
    expect(receiver.received.map((webhook) => webhook.headers['x-vigil-attempt'])).toEqual(['1', '2']);
    expect(new Set(receiver.received.map((webhook) => webhook.headers['x-vigil-delivery-id'])).size).toBe(1);
    for (const webhook of receiver.received) {
      expect(webhook.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(account.webhookSecret, webhook.rawBody));
    }
  });

  it('404: one attempt, not retried', async () => {
    const { receiver, account } = await accountWithReceiver(() => 404);
    const candidate = await launchCandidate(service, { account });
    const [row] = await settled(candidate.session.sessionId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 404 });
    expect(receiver.received).toHaveLength(1);
  });

  it('a redirect is final and not followed', async () => {
    const target = await startWebhookReceiver();
    receivers.push(target);
    const { receiver, account } = await accountWithReceiver(() => ({ redirectTo: target.url }));
    const candidate = await launchCandidate(service, { account });
    const [row] = await settled(candidate.session.sessionId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 302 });
    expect(receiver.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  });

  it('a refused connection is retried', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const account = await createAccount(service);
    await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key: account,
      body: { url: `http://127.0.0.1:${port}/hook` },
    });
    const candidate = await launchCandidate(service, { account });
    const row = await waitFor('two failed attempts', async () => {
      const [current] = await outboxRows(candidate.session.sessionId);
      return current && current.attempts >= 2 && current.claimed_by === null ? current : undefined;
    });
    expect(row).toMatchObject({ status: 'pending', last_status_code: null });
    expect(row.last_error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(Date.parse(row.next_attempt_at)).toBeGreaterThan(Date.parse(row.created_at));
  });

  it('a receiver that never answers times out and is retried', async () => {
    const { receiver, account } = await accountWithReceiver((index) => (index === 0 ? 'hang' : 200));
    const candidate = await launchCandidate(service, { account });
    const [row] = await settled(candidate.session.sessionId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.received).toHaveLength(2);
  });

  it('sends only the incident types the account asked for', async () => {
    const { receiver, account } = await accountWithReceiver(() => 200, ['FOCUS_LOST']);
    const candidate = await launchCandidate(service, { account });
    await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
      key: candidate.sessionKey,
      body: {
        incidents: [clientIncident('BLOCKED_SHORTCUT'), clientIncident('FOCUS_LOST', { details: { window: 'other' } })],
      },
    });
    await settled(candidate.session.sessionId);
    expect(receiver.received.map((webhook) => webhook.payload.incidentType)).toEqual(['FOCUS_LOST']);
    expect(receiver.received[0]!.payload.additionalData).toMatchObject({
      severity: 'medium',
      details: { window: 'other' },
    });
  });

  it('signs with the webhook secret, never the API key: an API key rotation leaves it, its own rotation replaces it', async () => {
    const { receiver, account } = await accountWithReceiver();
    expect(account.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const rotated = await service.app.services.accounts.rotate(Number(account.keyId), 1);
    const newKey: TestKey = { keyId: account.keyId, secretKey: rotated.secretKey };
    const candidate = await launchCandidate(service, { account: newKey });
    await settled(candidate.session.sessionId);
    const [webhook] = receiver.received;
    expect(webhook!.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(account.webhookSecret, webhook!.rawBody));
    expect(webhook!.headers[WEBHOOK_SIGNATURE_HEADER]).not.toBe(signWebhookBody(rotated.secretKey, webhook!.rawBody));
    expect(webhook!.headers[WEBHOOK_SIGNATURE_HEADER]).not.toBe(signWebhookBody(account.secretKey, webhook!.rawBody));

    // Rotated through the API (shown once); the next delivery is signed with the new secret only.
    const secret = await call<{ webhookSecret: string }>(service.baseUrl, 'POST', '/v1/account/webhook-secret', {
      key: newKey,
    });
    expect(secret.status).toBe(200);
    expect(secret.headers.get('cache-control')).toBe('no-store');
    expect(secret.body.webhookSecret).toMatch(/^whsec_/);
    expect(secret.body.webhookSecret).not.toBe(account.webhookSecret);
    const second = await launchCandidate(service, { account: newKey });
    await settled(second.session.sessionId);
    const latest = receiver.received.at(-1)!;
    expect(latest.payload.sessionId).toBe(second.session.sessionId);
    expect(latest.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(secret.body.webhookSecret, latest.rawBody));
  });
});
