/**
 * Nobody is locked out by a lost launch answer. Before, a launch whose answer never reached the
 * client (the service killed just after its commit) left the code spent (410), the session joined
 * with a key nobody held, and the institution's re-issue refused (409).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Incident } from '../../../shared/api/sessions';
import { LAUNCH_RETRY_WINDOW_MS } from '../../../server/services/launch-service';
import { call, createAccount, createExam, createSession, launch, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const newAttemptKey = () => randomBytes(24).toString('base64url');

describeEachBackend('idempotent launch', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  async function newCode() {
    const exam = await createExam(service, account);
    return createSession(service, account, exam.id);
  }

  const sessionCall = (key: TestKey) => call(service.baseUrl, 'GET', '/v1/client/session', { key });

  it('a retry with the same code and key gets the same session with a fresh key; the lost key is revoked; joined once', async () => {
    const created = await newCode();
    const attempt = newAttemptKey();
    const lost = await launch(service, created.launchCode, 'desktop', attempt);
    expect(lost.status).toBe(200);
    const retried = await launch(service, created.launchCode, 'desktop', attempt);
    expect(retried.status).toBe(200);
    expect(retried.body.sessionId).toBe(lost.body.sessionId);
    expect(retried.body.keyId).not.toBe(lost.body.keyId);
    expect(retried.body.secretKey).not.toBe(lost.body.secretKey);
    expect(retried.body.state).toBe('joined');

    expect((await sessionCall({ keyId: lost.body.keyId, secretKey: lost.body.secretKey })).status).toBe(403);
    expect((await sessionCall({ keyId: retried.body.keyId, secretKey: retried.body.secretKey })).status).toBe(200);

    const incidents = await call<{ incidents: Incident[] }>(
      service.baseUrl,
      'GET',
      `/v1/sessions/${created.sessionId}/incidents`,
      { key: account },
    );
    expect(incidents.body.incidents.filter((incident) => incident.type === 'SESSION_JOINED')).toHaveLength(1);
  });

  it('another device (no key, or another key) still finds the code spent', async () => {
    const created = await newCode();
    expect((await launch(service, created.launchCode, 'desktop', newAttemptKey())).status).toBe(200);
    expect((await launch(service, created.launchCode, 'desktop', newAttemptKey())).status).toBe(410);
    expect((await launch(service, created.launchCode)).status).toBe(410);
  });

  it('the retry window closes after a while, and at once when the exam starts', async () => {
    const late = await newCode();
    const attempt = newAttemptKey();
    expect((await launch(service, late.launchCode, 'desktop', attempt)).status).toBe(200);
    service.advanceClock(LAUNCH_RETRY_WINDOW_MS + 1000);
    try {
      expect((await launch(service, late.launchCode, 'desktop', attempt)).status).toBe(410);
    } finally {
      service.advanceClock(-(LAUNCH_RETRY_WINDOW_MS + 1000));
    }

    const started = await newCode();
    const startedAttempt = newAttemptKey();
    expect((await launch(service, started.launchCode, 'desktop', startedAttempt)).status).toBe(200);
    await service.app.repositories.sessions.update(started.sessionId, { state: 'started' });
    expect((await launch(service, started.launchCode, 'desktop', startedAttempt)).status).toBe(410);
  });

  it('refuses a malformed idempotency key with a clear 400', async () => {
    const created = await newCode();
    const result = await call<{ error: { code: string; message: string } }>(
      service.baseUrl,
      'POST',
      '/v1/client/launch',
      {
        body: {
          launchCode: created.launchCode,
          client: { version: '0.1.0', platform: 'linux', kind: 'desktop' },
          idempotencyKey: 'short',
        },
      },
    );
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('idempotencyKey');
  });
});
