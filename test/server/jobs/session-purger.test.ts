/** logRetentionDays: a finished session's incidents (and what other parts register) are deleted after that many days. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Session } from '../../../shared/api/sessions';
import type { PurgingSessionEvent } from '../../../server/purge/session-purger';
import {
  call,
  clientIncident,
  createAccount,
  launchCandidate,
  type LaunchedCandidate,
  type TestKey,
} from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const DAY = 24 * 3600_000;

describeEachBackend('session purge', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  async function finishedCandidate(logRetentionDays: number): Promise<LaunchedCandidate> {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { logRetentionDays } } });
    const now = service.app.clock();
    await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
      key: candidate.sessionKey,
      now,
      body: { incidents: [clientIncident('FOCUS_LOST'), clientIncident('DISPLAY_ADDED')] },
    });
    for (const step of ['request-approval', 'start', 'finish']) {
      expect(
        (await call(service.baseUrl, 'POST', `/v1/client/session/${step}`, { key: candidate.sessionKey, now })).status,
      ).toBe(200);
    }
    return candidate;
  }

  it('deletes incidents after the retention, runs the purge hooks, and only once', async () => {
    const shortLived = await finishedCandidate(1);
    const kept = await finishedCandidate(30);
    const open = await launchCandidate(service, { account, examBody: { policy: { logRetentionDays: 1 } } });
    const purged: string[] = [];
    const hook = async ({ session }: PurgingSessionEvent) => {
      purged.push(session.id);
    };
    service.app.jobs.purger.purgingSession.subscribe(hook);

    expect(await service.app.jobs.purger.runOnce()).toEqual({ sessionsPurged: 0, incidentsDeleted: 0 });
    service.advanceClock(DAY + 60_000);
    const result = await service.app.jobs.purger.runOnce();
    expect(result.sessionsPurged).toBe(1);
    // SESSION_JOINED, two reported, SESSION_APPROVAL_REQUESTED, SESSION_APPROVED, SESSION_STARTED, SESSION_FINISHED.
    expect(result.incidentsDeleted).toBe(7);
    expect(purged).toEqual([shortLived.session.sessionId]);

    const incidents = service.app.repositories.incidents;
    expect(await incidents.listForSession(shortLived.session.sessionId)).toEqual([]);
    expect((await incidents.listForSession(kept.session.sessionId)).length).toBe(7);
    expect((await incidents.listForSession(open.session.sessionId)).length).toBe(1);
    const session = await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${shortLived.session.sessionId}`, {
      key: account,
      now: service.app.clock(),
    });
    expect(session.body).toMatchObject({
      state: 'finished',
      incidentCounts: { low: 0, medium: 0, high: 0, critical: 0 },
    });

    expect((await service.app.jobs.purger.runOnce()).sessionsPurged).toBe(0);
    service.advanceClock(30 * DAY);
    expect((await service.app.jobs.purger.runOnce()).sessionsPurged).toBe(1);
    expect(purged).toEqual([shortLived.session.sessionId, kept.session.sessionId]);
  });

  it('a failing hook leaves the session to the next run', async () => {
    const candidate = await finishedCandidate(1);
    const failing = async () => {
      throw new Error('storage unavailable');
    };
    const unsubscribe = service.app.jobs.purger.purgingSession.subscribe(failing);
    service.advanceClock(2 * DAY);
    await expect(service.app.jobs.purger.runOnce()).rejects.toThrow('storage unavailable');
    expect((await service.app.repositories.incidents.listForSession(candidate.session.sessionId)).length).toBe(7);
    unsubscribe();
    expect((await service.app.jobs.purger.runOnce()).sessionsPurged).toBe(1);
  });
});
