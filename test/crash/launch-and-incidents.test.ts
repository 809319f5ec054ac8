/**
 * The launch and an incident batch survive the service being SIGKILLed at any disk call: a launch
 * killed before or after its commit (its answer delivered or not) is taken up by the client's
 * retry with the same idempotency key, so the candidate always gets the session, with SESSION_JOINED
 * recorded once; an incident batch is all-or-nothing and exactly-once when the client resends it.
 * On SQLite and PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchResponse } from '../../shared/api/client';
import type { Incident } from '../../shared/api/sessions';
import { startCrashService, type CrashService } from '../support/crash-harness';
import { hasStrace, killIndices } from '../support/fault-injection';
import { createTestLaunchCode } from '../support/recordings-service';
import { signedFetch, signedJson, type TestKey } from '../support/recordings-signed-fetch';
import { describeEachBackend } from '../support/service-harness';
import { skipWithout } from '../support/suite-requirement';
import { startWebhookReceiver, waitFor } from '../support/webhook-receiver';

const KILL_BUDGET = Number(process.env.VIGIL_CRASH_BUDGET ?? 16);

const describeWithStrace = skipWithout(
  'The fault-injection suite (launch and incidents)',
  hasStrace() ? null : 'strace is not installed (apt-get install strace)',
)
  ? describeSkipped
  : describeEachBackend;

function describeSkipped(title: string): void {
  describe.skip(`${title} (skipped: strace is not installed)`, () => {
    it('needs strace', () => undefined);
  });
}

describeWithStrace('the launch and incident batches survive a kill at any disk call', (backend) => {
  let service: CrashService;

  beforeAll(async () => {
    service = await startCrashService(backend);
  }, 60_000);
  afterAll(() => service?.close());

  async function launch(launchCode: string, idempotencyKey: string): Promise<Response> {
    return fetch(`${service.url}/v1/client/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        launchCode,
        idempotencyKey,
        client: { version: '0.1.0', platform: 'linux', kind: 'desktop' },
      }),
    });
  }

  const incidentsOf = async (sessionId: string) =>
    (
      await signedJson<{ incidents: Incident[] }>(
        service.url,
        service.account,
        'GET',
        `/v1/sessions/${sessionId}/incidents`,
      )
    ).incidents;

  it('a launch killed anywhere is taken up by the retry: the same session, a working key, joined once', async () => {
    const attempt = async () => {
      const code = await createTestLaunchCode(service.url, service.account);
      return { code, key: randomBytes(24).toString('base64url') };
    };
    const counted = await attempt();
    const total = await service.countCalls(async () => {
      expect((await launch(counted.code.launchCode, counted.key)).status).toBe(200);
    });
    const indices = killIndices(total, KILL_BUDGET);
    console.log(`[${backend}] launch: ${total} disk calls on the busiest thread; killing at ${indices.join(', ')}`);
    for (const index of indices) {
      const { code, key } = await attempt();
      await service.runWithKillAt(index, async () => {
        expect((await launch(code.launchCode, key)).status).toBe(200);
      });
      const retried = await launch(code.launchCode, key);
      expect(retried.status, `after the kill at call ${index}: ${await retried.clone().text()}`).toBe(200);
      const launched = (await retried.json()) as LaunchResponse;
      expect(launched.sessionId).toBe(code.sessionId);
      const session = await signedFetch(
        service.url,
        { keyId: launched.keyId, secretKey: launched.secretKey },
        'GET',
        '/v1/client/session',
      );
      expect(session.status).toBe(200);
      const joined = (await incidentsOf(code.sessionId)).filter((incident) => incident.type === 'SESSION_JOINED');
      expect(joined, `SESSION_JOINED after the kill at call ${index}`).toHaveLength(1);
    }
  }, 300_000);

  it('an incident batch killed anywhere is stored whole and once when the client sends it again', async () => {
    const key: TestKey = service.session.key;
    const batch = () => {
      const batchId = randomUUID();
      return Array.from({ length: 20 }, (_, index) => ({
        clientId: randomUUID(),
        type: index % 2 === 0 ? 'BLOCKED_SHORTCUT' : 'FOCUS_LOST',
        occurredAt: new Date().toISOString(),
        details: { batchId, index },
      }));
    };
    const post = (incidents: ReturnType<typeof batch>) =>
      signedFetch(service.url, key, 'POST', '/v1/client/session/incidents', {
        body: JSON.stringify({ incidents }),
        headers: { 'content-type': 'application/json' },
      });
    const total = await service.countCalls(async () => {
      expect((await post(batch())).status).toBe(200);
    });
    const indices = killIndices(total, KILL_BUDGET);
    console.log(`[${backend}] incident batch: ${total} disk calls; killing at ${indices.join(', ')}`);
    for (const index of indices) {
      const sent = batch();
      await service.runWithKillAt(index, async () => {
        expect((await post(sent)).status).toBe(200);
      });
      const resent = await post(sent);
      expect(resent.status, `after the kill at call ${index}`).toBe(200);
      const stored = (await incidentsOf(service.session.sessionId)).filter(
        (incident) => incident.details.batchId === sent[0]!.details.batchId,
      );
      // Every incident of the batch, each exactly once.
      expect(stored.map((incident) => incident.details.index).sort((a, b) => Number(a) - Number(b))).toEqual(
        sent.map((one) => one.details.index),
      );
    }
  }, 300_000);

  it('a webhook delivery killed anywhere is delivered after the restart, promptly, with the same delivery id', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await signedJson(service.url, service.account, 'PUT', '/v1/webhooks', {
        url: receiver.url,
        incidentTypes: ['BLOCKED_SHORTCUT'],
      });
      const key: TestKey = service.session.key;
      const raise = async () => {
        const marker = randomUUID();
        const posted = await signedFetch(service.url, key, 'POST', '/v1/client/session/incidents', {
          body: JSON.stringify({
            incidents: [
              {
                clientId: randomUUID(),
                type: 'BLOCKED_SHORTCUT',
                occurredAt: new Date().toISOString(),
                details: { marker },
              },
            ],
          }),
          headers: { 'content-type': 'application/json' },
        });
        expect(posted.status).toBe(200);
        return marker;
      };
      const deliveriesOf = (marker: string) =>
        receiver.received.filter((webhook) => JSON.stringify(webhook.payload).includes(marker));
      const delivered = (marker: string, timeoutMs: number) =>
        waitFor(`the delivery of ${marker}`, () => deliveriesOf(marker).length > 0, timeoutMs);

      const total = await service.countCalls(async () => {
        const marker = await raise();
        await delivered(marker, 5_000);
        // Let the outcome be recorded under the lease.
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      const indices = killIndices(total, KILL_BUDGET);
      console.log(`[${backend}] webhook delivery: ${total} disk calls; killing at ${indices.join(', ')}`);
      for (const index of indices) {
        let marker = '';
        const died = await service.runWithKillAt(index, async () => {
          marker = await raise();
          await delivered(marker, 5_000);
          await new Promise((resolve) => setTimeout(resolve, 300));
        });
        if (!marker) continue; // killed before the incident was even accepted: nothing to deliver
        const restartedAt = Date.now();
        await delivered(marker, 5_000);
        if (died) expect(Date.now() - restartedAt, `delivery after the kill at ${index}`).toBeLessThan(3_000);
        const ids = new Set(deliveriesOf(marker).map((webhook) => webhook.headers['x-vigil-delivery-id']));
        expect(ids.size).toBe(1);
      }
    } finally {
      await receiver.close();
    }
  }, 300_000);
});
