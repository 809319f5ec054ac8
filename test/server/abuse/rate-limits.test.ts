/**
 * Rate limits: per session on client routes (a few a minute on the face routes, which run the model),
 * per account over its own and its sessions' calls, 429 with the envelope and Retry-After; the launch
 * limit per client address, which behind a proxy named in trustProxy is the forwarded one.
 * Before the fix no signed route had a limit, and every candidate behind one proxy shared one launch bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, launchCandidate, type LaunchedCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const minute = (max: number) => ({ max, timeWindowMs: 60_000 });

describeEachBackend('rate limits on signed routes', (backend) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(backend, {
      rateLimits: { session: minute(8), sessionFace: minute(3), account: minute(40), accountFace: minute(1_000) },
    });
  });
  afterAll(() => service?.close());

  const signed = (candidate: LaunchedCandidate, path: string, body: unknown = {}) =>
    call(service.baseUrl, 'POST', path, { key: candidate.sessionKey, now: service.app.clock(), body });

  it('the face routes take a few calls a minute per session, then 429 with Retry-After; another session is unaffected', async () => {
    const candidate = await launchCandidate(service);
    const other = await launchCandidate(service, { account: candidate.account });
    // Invalid bodies (400) still count: the limit is judged before the body, so a flood never reaches the model.
    for (let i = 0; i < 3; i++) {
      expect((await signed(candidate, '/v1/client/session/face-enroll', { snapshots: [] })).status).toBe(400);
    }
    const limited = await signed(candidate, '/v1/client/session/identity', { snapshots: [] });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    expect((await signed(other, '/v1/client/session/face-enroll', { snapshots: [] })).status).toBe(400);
    // The session's other routes have their own, larger budget.
    expect((await signed(candidate, '/v1/client/session/heartbeat')).status).toBe(200);
  });

  it('every client route counts per session', async () => {
    const candidate = await launchCandidate(service);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await signed(candidate, '/v1/client/session/heartbeat')).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(statuses[8]).toBe(429);
  });

  it('requests that fail authentication do not spend a session’s budget', async () => {
    const candidate = await launchCandidate(service);
    const forged = { keyId: candidate.sessionKey.keyId, secretKey: 'not-the-secret' };
    for (let i = 0; i < 12; i++) {
      const answer = await call(service.baseUrl, 'POST', '/v1/client/session/heartbeat', {
        key: forged,
        now: service.app.clock(),
        body: {},
      });
      expect(answer.status).toBe(403);
    }
    expect((await signed(candidate, '/v1/client/session/heartbeat')).status).toBe(200);
  });

  it('an account’s own calls and all its sessions’ share one budget; another account is unaffected', async () => {
    const account = await createAccount(service);
    const sessions: LaunchedCandidate[] = [];
    // Each launchCandidate spends 2 of the account's calls (exam, session) and none of the launch.
    for (let i = 0; i < 5; i++) sessions.push(await launchCandidate(service, { account }));
    let status = 200;
    let calls = 10;
    for (const candidate of sessions.concat(sessions)) {
      for (let i = 0; i < 4 && status === 200; i++, calls++) {
        status = (await signed(candidate, '/v1/client/session/heartbeat')).status;
      }
    }
    expect(status).toBe(429);
    expect(calls).toBe(41);
    const institution = await call(service.baseUrl, 'GET', `/v1/sessions/${sessions[0]!.session.sessionId}`, {
      key: account,
      now: service.app.clock(),
    });
    expect(institution.status).toBe(429);

    const unrelated = await launchCandidate(service);
    expect((await signed(unrelated, '/v1/client/session/heartbeat')).status).toBe(200);
  });
});

describe('the launch limit behind a proxy', () => {
  const launchBody = { launchCode: 'x'.repeat(24), client: { version: '0.1.0', platform: 'linux', kind: 'desktop' } };
  const launchFrom = (service: TestService, forwardedFor: string) =>
    call(service.baseUrl, 'POST', '/v1/client/launch', {
      body: launchBody,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  describe('with the proxy named in trustProxy', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService('sqlite', {
        launchRateLimit: { max: 2, timeWindowMs: 60_000 },
        trustProxy: '127.0.0.1',
      });
    });
    afterAll(() => service?.close());

    it('counts per forwarded client: one candidate is limited, the next one behind the same proxy is not', async () => {
      expect((await launchFrom(service, '203.0.113.7')).status).toBe(404);
      expect((await launchFrom(service, '203.0.113.7')).status).toBe(404);
      const limited = await launchFrom(service, '203.0.113.7');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await launchFrom(service, '203.0.113.8')).status).toBe(404);
    });
  });

  describe('without trustProxy', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService('sqlite', { launchRateLimit: { max: 2, timeWindowMs: 60_000 } });
    });
    afterAll(() => service?.close());

    it('a client cannot escape the limit by inventing X-Forwarded-For', async () => {
      expect((await launchFrom(service, '198.51.100.1')).status).toBe(404);
      expect((await launchFrom(service, '198.51.100.2')).status).toBe(404);
      expect((await launchFrom(service, '198.51.100.3')).status).toBe(429);
    });
  });
});
