/**
 * Auto-stop over real HTTP: the service stops a session in the transaction that records the
 * incident reaching a severity's threshold (during the checks too), pushes it, and refuses later
 * client calls with the reason; concurrent reports stop it once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionStatusResponse } from '../../../shared/api/client';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { isState, openEventStream } from '../../support/service-event-stream';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  checkIdentity,
  clientCall,
  institutionView,
  lifecycle,
  reportIncidents,
  startedCandidate,
} from '../../support/service-proctoring';

type ErrorBody = { error: { code: string; message: string } };

describeEachBackend('auto-stop', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  it('stops on a critical identity mismatch during the identity check, and says why everywhere', async () => {
    const candidate = await launchCandidate(service, { account });
    const stream = await openEventStream(service.baseUrl, candidate.sessionKey);
    try {
      await stream.next(isState('joined'));
      await clientCall(service, candidate, 'POST', '/v1/client/session/heartbeat', { recordingOffsetMs: 8_000 });
      // Person A enrolled, person B in front of the camera, and a client claiming a match.
      const checked = await checkIdentity(service, candidate, { enrolled: 'a', shown: 'b', clientPassed: true });
      expect(checked).toMatchObject({ passed: false, agreed: false });
      const reason = '1 critical incident: IDENTITY_MISMATCH';
      expect(await stream.next(isState('stopped'))).toEqual({ type: 'state', state: 'stopped', reason });
      await stream.ended;
      // Never verified (50) and a mismatch (the rest of identity): presence and behaviour remain.
      expect(stream.events.filter((event) => event.type === 'auth-score')).toEqual([
        { type: 'auth-score', authScore: 50 },
      ]);

      const { session, incidents } = await institutionView(service, candidate);
      expect(session).toMatchObject({ state: 'stopped', stopReason: reason, authScore: 50, flaggedForReview: true });
      const stop = incidents.find((incident) => incident.type === 'SESSION_STOPPED_AUTOMATICALLY')!;
      const mismatch = incidents.find((incident) => incident.type === 'IDENTITY_MISMATCH')!;
      // Recorded by the service during a client call: at the client's last reported recording position.
      expect([mismatch.recordingOffsetMs, stop.recordingOffsetMs]).toEqual([8_000, 8_000]);
      expect(stop.details).toMatchObject({
        from: 'checks',
        to: 'stopped',
        reason,
        causeIncidentId: mismatch.id,
        autoStop: { severity: 'critical', count: 1, threshold: 1, types: [{ type: 'IDENTITY_MISMATCH', count: 1 }] },
      });

      for (const path of ['request-approval', 'start', 'finish'] as const) {
        const refused = await lifecycle(service, candidate, path);
        expect(refused.status, path).toBe(409);
        expect((refused.body as unknown as ErrorBody).error.message, path).toMatch(
          /: it was stopped automatically \(1 critical incident: IDENTITY_MISMATCH\)$/,
        );
      }
      const step = await clientCall<ErrorBody>(service, candidate, 'POST', '/v1/client/session/steps', {
        flow: 'identity',
        step: 'FACE_PHOTO',
        status: 'started',
      });
      expect(step.status).toBe(409);
      expect(step.body.error.message).toBe(
        'Cannot report a check step for the session: it was stopped automatically (1 critical incident: IDENTITY_MISMATCH)',
      );
      // The heartbeat reports the stop rather than failing, so a client that missed the stream learns of it.
      const beat = await clientCall<SessionStatusResponse>(service, candidate, 'POST', '/v1/client/session/heartbeat');
      expect(beat.body).toMatchObject({ state: 'stopped', stopReason: reason });
    } finally {
      stream.close();
    }
  });

  it('stops at the 10th medium violation during the exam, at that incident’s recording time', async () => {
    const candidate = await launchCandidate(service, { account });
    await startedCandidate(service, candidate);
    const batch = Array.from({ length: 12 }, (_, index) => ({
      type: 'FOCUS_LOST',
      recordingOffsetMs: 1_000 * (index + 1),
    }));
    const answer = await reportIncidents(service, candidate, batch);
    // Every incident is kept, even those after the stop.
    expect(answer.body).toMatchObject({ accepted: 12, state: 'stopped' });
    const { session, incidents } = await institutionView(service, candidate);
    expect(session).toMatchObject({ state: 'stopped', stopReason: '10 medium incidents: FOCUS_LOST ×10' });
    const stops = incidents.filter((incident) => incident.type === 'SESSION_STOPPED_AUTOMATICALLY');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({
      recordingOffsetMs: 10_000,
      details: { autoStop: { severity: 'medium', count: 10, threshold: 10 } },
    });
  });

  it('stops on five high violations by default; a threshold of 0 never stops', async () => {
    const high = await launchCandidate(service, { account });
    await startedCandidate(service, high);
    expect((await reportIncidents(service, high, Array(4).fill('FACE_ABSENT_LONG'))).body.state).toBe('started');
    expect((await reportIncidents(service, high, ['PROHIBITED_PROCESS'])).body.state).toBe('stopped');
    expect((await institutionView(service, high)).session.stopReason).toBe(
      '5 high incidents: FACE_ABSENT_LONG ×4, PROHIBITED_PROCESS',
    );

    const lenient = await launchCandidate(service, {
      account,
      examBody: { policy: { autoStop: { medium: 0, critical: 2 } } },
    });
    await startedCandidate(service, lenient);
    const answer = await reportIncidents(service, lenient, [...Array(30).fill('FOCUS_LOST'), 'IDENTITY_MISMATCH']);
    expect(answer.body.state).toBe('started');
    expect((await reportIncidents(service, lenient, ['IDENTITY_MISMATCH'])).body.state).toBe('stopped');
  });

  it('stops once when two reports cross the threshold together', async () => {
    const candidate = await launchCandidate(service, { account });
    await startedCandidate(service, candidate);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => reportIncidents(service, candidate, Array(3).fill('DEVTOOLS_ATTEMPT'))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const { session, incidents } = await institutionView(service, candidate);
    expect(session.state).toBe('stopped');
    expect(incidents.filter((incident) => incident.type === 'DEVTOOLS_ATTEMPT')).toHaveLength(12);
    expect(incidents.filter((incident) => incident.type === 'SESSION_STOPPED_AUTOMATICALLY')).toHaveLength(1);
    // The score fell by 10 per attempt until behaviour hit 0, each change recorded once.
    expect(
      incidents.filter((incident) => incident.type === 'AUTH_SCORE_CHANGED').map((change) => change.details.authScore),
    ).toEqual([90, 80, 70]);
  });

  it('does not stop a session that has not begun its checks (the state table has no move from joined)', async () => {
    const candidate = await launchCandidate(service, { account });
    expect((await reportIncidents(service, candidate, ['IDENTITY_MISMATCH'])).body.state).toBe('joined');
    // The first violation after the checks began stops it: the count includes the earlier one.
    await clientCall(service, candidate, 'POST', '/v1/client/session/steps', {
      flow: 'system',
      step: 'START',
      status: 'started',
    });
    expect((await reportIncidents(service, candidate, ['BLOCKED_SHORTCUT'])).body.state).toBe('stopped');
  });
});
