/**
 * The service's clock over a session (server/sessions/heartbeat-sweeper.ts): DISCONNECTED when a
 * started session's heartbeats stop for the policy's disconnectAfterSeconds (costed, medium, with the
 * gap), CONNECTED when they come back, SESSION_WAITING_DETECTED for a long wait for approval, and the
 * exam finished by the service at its end plus the grace. Driven by runOnce on a moved clock, and
 * once by the real background sweep on a short interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_SCORE_COSTS } from '../../../shared/auth-score';
import type { Incident } from '../../../shared/api/sessions';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { clientCall, institutionView, lifecycle, startedCandidate } from '../../support/service-proctoring';
import { waitFor } from '../../support/wait-for';

const ofType = (incidents: Incident[], type: string) => incidents.filter((incident) => incident.type === type);

describeEachBackend('the service clock over sessions', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
    // Webhooks are queued (nobody delivers them here), so their payloads can be read.
    await service.app.database.db
      .updateTable('accounts')
      .set({ webhook_url: 'http://127.0.0.1:9/hooks' })
      .where('id', '=', Number(account.keyId))
      .execute();
  });
  afterAll(() => service?.close());

  it('records DISCONNECTED (medium, costed, with the gap) once, and CONNECTED when the heartbeats come back', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { disconnectAfterSeconds: 30 } } });
    expect((await startedCandidate(service, candidate)).authScore).toBe(100);
    const heartbeat = () => clientCall(service, candidate, 'POST', '/v1/client/session/heartbeat', {});
    expect((await heartbeat()).status).toBe(200);

    service.advanceClock(20_000);
    expect((await service.app.jobs.sweeper.runOnce()).disconnected).toBe(0);
    service.advanceClock(15_000);
    expect((await service.app.jobs.sweeper.runOnce()).disconnected).toBe(1);
    // Still silent: recorded once, not on every sweep.
    service.advanceClock(15_000);
    expect((await service.app.jobs.sweeper.runOnce()).disconnected).toBe(0);

    const during = await institutionView(service, candidate);
    const [disconnected] = ofType(during.incidents, 'DISCONNECTED');
    expect(disconnected).toMatchObject({ severity: 'medium', details: { disconnectAfterSeconds: 30 } });
    expect(disconnected!.details.silentForMs).toBeGreaterThanOrEqual(35_000);
    expect(during.session.authScore).toBe(100 - AUTH_SCORE_COSTS.DISCONNECTED.points);
    expect(ofType(during.incidents, 'AUTH_SCORE_CHANGED').at(-1)!.details).toMatchObject({ causeType: 'DISCONNECTED' });

    service.advanceClock(10_000);
    const back = await heartbeat();
    expect(back.body).toMatchObject({ state: 'started' });
    const after = await institutionView(service, candidate);
    const [connected] = ofType(after.incidents, 'CONNECTED');
    expect(connected!.details.gapMs).toBeGreaterThanOrEqual(60_000);
    expect(connected!.details.disconnectedAt).toBeTypeOf('string');
    // The next silence is a new disconnection.
    service.advanceClock(31_000);
    expect((await service.app.jobs.sweeper.runOnce()).disconnected).toBe(1);
  });

  it('raises SESSION_WAITING_DETECTED once when a session waits for approval too long', async () => {
    const candidate = await launchCandidate(service, {
      account,
      examBody: { policy: { autoApprove: false, approvalWaitAlertSeconds: 120 } },
    });
    expect((await lifecycle(service, candidate, 'request-approval')).body.state).toBe('approval_requested');
    service.advanceClock(60_000);
    expect((await service.app.jobs.sweeper.runOnce()).waitingDetected).toBe(0);
    service.advanceClock(61_000);
    expect((await service.app.jobs.sweeper.runOnce()).waitingDetected).toBe(1);
    expect((await service.app.jobs.sweeper.runOnce()).waitingDetected).toBe(0);
    const [waiting] = ofType((await institutionView(service, candidate)).incidents, 'SESSION_WAITING_DETECTED');
    expect(waiting!.details).toMatchObject({ approvalWaitAlertSeconds: 120 });
    expect(waiting!.details.waitingForMs).toBeGreaterThanOrEqual(121_000);
  });

  it('finishes a started session at its end plus the grace, on its own clock (SESSION_FINISHED says so)', async () => {
    const candidate = await launchCandidate(service, {
      account,
      examBody: { durationMinutes: 1, policy: { finishGraceSeconds: 30, disconnectAfterSeconds: 3600 } },
    });
    const started = await startedCandidate(service, candidate);
    service.advanceClock(60_000 + 29_000);
    expect((await service.app.jobs.sweeper.runOnce()).finished).toBe(0);
    service.advanceClock(2_000);
    expect((await service.app.jobs.sweeper.runOnce()).finished).toBe(1);

    const { session, incidents } = await institutionView(service, candidate);
    expect(session).toMatchObject({ state: 'finished', authScore: 100, flaggedForReview: false });
    const [finished] = ofType(incidents, 'SESSION_FINISHED');
    expect(finished!.details).toMatchObject({ automatic: true, endsAt: started.endsAt, graceSeconds: 30 });
    const rows = await service.app.database.db
      .selectFrom('webhook_outbox')
      .select('payload')
      .where('incident_id', '=', finished!.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).additionalData).toMatchObject({
      finishedAutomatically: true,
      reason: 'time_up',
      authScore: 100,
    });
    // The client hears it as it would any end.
    const status = await clientCall(service, candidate, 'POST', '/v1/client/session/heartbeat', {});
    expect(status.body).toMatchObject({ state: 'finished' });
  });
});

describe('the background sweep on a short interval (VIGIL_SWEEP_INTERVAL_MS)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('sqlite', {
      faceAnalyzer: fakeFaceAnalyzer(),
      backgroundJobs: true,
      sweepIntervalMs: 250,
    });
  });
  afterAll(() => service?.close());

  it('records DISCONNECTED within a few seconds of silence, without anyone calling it', async () => {
    const candidate = await launchCandidate(service, { examBody: { policy: { disconnectAfterSeconds: 2 } } });
    await startedCandidate(service, candidate);
    const disconnected: Incident = await waitFor(
      async () => ofType((await institutionView(service, candidate)).incidents, 'DISCONNECTED')[0],
      { describe: 'DISCONNECTED after 2 s of silence', timeoutMs: 8_000, intervalMs: 250 },
    );
    expect(disconnected.details.silentForMs).toBeGreaterThanOrEqual(2_000);
    expect(disconnected.details.silentForMs).toBeLessThan(4_000);
  });
});
