/** Sessions without a heartbeat for an hour are closed automatically; expired V2 nonces are forgotten. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Session } from '../../../shared/api/sessions';
import { HEARTBEAT_TIMEOUT_MS } from '../../../shared/session-states';
import {
  call,
  createAccount,
  createExam,
  createSession,
  launchCandidate,
  type TestKey,
} from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('heartbeat sweeper', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  it('closes silent sessions, keeps live and unlaunched ones', async () => {
    const silent = await launchCandidate(service, { account });
    const live = await launchCandidate(service, { account });
    const exam = await createExam(service, account);
    const waiting = await createSession(service, account, exam.id);

    service.advanceClock(HEARTBEAT_TIMEOUT_MS / 2);
    const now = service.app.clock();
    expect(
      (await call(service.baseUrl, 'POST', '/v1/client/session/heartbeat', { key: live.sessionKey, now })).status,
    ).toBe(200);
    service.advanceClock(HEARTBEAT_TIMEOUT_MS / 2 + 60_000);

    const result = await service.app.jobs.sweeper.runOnce();
    expect(result.closed).toBe(1);
    const read = async (id: string) =>
      (
        await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${id}`, {
          key: account,
          now: service.app.clock(),
        })
      ).body;
    const closed = await read(silent.session.sessionId);
    expect(closed).toMatchObject({
      state: 'closed_automatically',
      stopReason: 'No heartbeat from the client for an hour',
    });
    expect(closed.finishedAt).not.toBeNull();
    expect((await read(live.session.sessionId)).state).toBe('joined');
    expect((await read(waiting.sessionId)).state).toBe('joined');

    const incidents = await service.app.repositories.incidents.listForSession(silent.session.sessionId);
    expect(incidents.map((incident) => [incident.type, incident.severity])).toContainEqual([
      'SESSION_CLOSED_AUTOMATICALLY',
      'medium',
    ]);

    // A second sweep finds nothing more to do.
    expect((await service.app.jobs.sweeper.runOnce()).closed).toBe(0);
  });

  it('forgets nonces once their Date window has passed', async () => {
    await call(service.baseUrl, 'GET', '/v1/webhooks', { key: account, now: service.app.clock() });
    service.advanceClock(31 * 60_000);
    expect((await service.app.jobs.sweeper.runOnce()).noncesForgotten).toBeGreaterThanOrEqual(1);
  });
});
