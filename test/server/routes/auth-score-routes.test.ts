/**
 * The auth score over real HTTP: started from everything recorded, lowered by exactly the table's
 * costs (shared/auth-score.ts), AUTH_SCORE_CHANGED only when it changes, and the final score with
 * the review flag on SESSION_FINISHED and GET /v1/sessions/:id.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUTH_SCORE_COSTS, AUTH_SCORE_WEIGHTS, type CostedIncidentType } from '../../../shared/auth-score';
import type { Incident } from '../../../shared/api/sessions';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  checkIdentity,
  enrolFace,
  institutionView,
  lifecycle,
  reportIncidents,
  startedCandidate,
} from '../../support/service-proctoring';

const ofType = (incidents: Incident[], type: string) => incidents.filter((incident) => incident.type === type);

describeEachBackend('auth score', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  it('is null before the start and 100 at the start of a verified candidate without incidents', async () => {
    const candidate = await launchCandidate(service, { account });
    await checkIdentity(service, candidate);
    expect((await lifecycle(service, candidate, 'request-approval')).body.authScore).toBeNull();
    expect((await institutionView(service, candidate)).session.authScore).toBeNull();
    const started = await lifecycle(service, candidate, 'start');
    expect(started.body).toMatchObject({ state: 'started', authScore: 100 });
    expect((await institutionView(service, candidate)).session.authScore).toBe(100);
  });

  it('drops by exactly the table’s costs for a known set of incidents', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { trustThreshold: 0.7 } } });
    expect((await startedCandidate(service, candidate)).authScore).toBe(100);
    const reported: CostedIncidentType[] = [
      'FOCUS_LOST',
      'FOCUS_LOST',
      'BLOCKED_SHORTCUT',
      'FACE_ABSENT',
      'FACE_ABSENT',
      'FACE_ABSENT',
      'MULTIPLE_FACES',
    ];
    const expected = 100 - reported.reduce((sum, type) => sum + AUTH_SCORE_COSTS[type].points, 0);
    expect(expected).toBe(77); // 2×5 + 2 + 3×2 + 5, no part below 0
    const answer = await reportIncidents(service, candidate, reported);
    expect(answer.body).toMatchObject({ accepted: 7, state: 'started', authScore: expected });

    const { session, incidents } = await institutionView(service, candidate);
    expect(session.authScore).toBe(expected);
    const changes = ofType(incidents, 'AUTH_SCORE_CHANGED');
    // One per incident here, each lowering the score by that incident's cost.
    expect(changes.map((change) => change.details.authScore)).toEqual([95, 90, 88, 86, 84, 82, 77]);
    expect(changes.at(-1)!.details).toMatchObject({
      previousAuthScore: 82,
      parts: { identity: 50, presence: 9, behaviour: 18 },
      causeType: 'MULTIPLE_FACES',
    });

    const finished = await lifecycle(service, candidate, 'finish');
    expect(finished.body).toMatchObject({ state: 'finished', authScore: expected });
    const after = await institutionView(service, candidate);
    expect(after.session).toMatchObject({ state: 'finished', authScore: 77, flaggedForReview: false });
    expect(after.session.finishedAt).not.toBeNull();
    expect(after.session.incidentCounts).toEqual({
      // SESSION_JOINED, the identity step, approval requested, approved, started, 3 × FACE_ABSENT,
      // BLOCKED_SHORTCUT, 7 × AUTH_SCORE_CHANGED, SESSION_FINISHED.
      low: 17,
      medium: 3,
      high: 0,
      critical: 0,
    });
    expect(ofType(after.incidents, 'SESSION_FINISHED')[0]!.details).toMatchObject({
      authScore: 77,
      flaggedForReview: false,
    });
  });

  it('records AUTH_SCORE_CHANGED only when the score changes (a part at 0 loses nothing more)', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { autoStop: { medium: 0 } } } });
    await startedCandidate(service, candidate);
    const focusLosses = Array.from({ length: 9 }, () => 'FOCUS_LOST');
    expect((await reportIncidents(service, candidate, focusLosses)).body.authScore).toBe(
      100 - AUTH_SCORE_WEIGHTS.behaviour,
    );
    const { incidents } = await institutionView(service, candidate);
    // 30 points of behaviour are gone after 6 × 5; the other 3 change nothing.
    expect(ofType(incidents, 'FOCUS_LOST')).toHaveLength(9);
    expect(ofType(incidents, 'AUTH_SCORE_CHANGED').map((change) => change.details.authScore)).toEqual([
      95, 90, 85, 80, 75, 70,
    ]);
  });

  it('counts violations from before the start, and an unverified identity costs its 50 points', async () => {
    const candidate = await launchCandidate(service, { account });
    await reportIncidents(service, candidate, ['DEVTOOLS_ATTEMPT']);
    // Enrolled (only possible before the start), but no identity check passed yet.
    await enrolFace(service, candidate);
    await lifecycle(service, candidate, 'request-approval');
    const started = await lifecycle(service, candidate, 'start');
    expect(started.body.authScore).toBe(100 - AUTH_SCORE_WEIGHTS.identity - AUTH_SCORE_COSTS.DEVTOOLS_ATTEMPT.points);
    const { incidents } = await institutionView(service, candidate);
    expect(ofType(incidents, 'AUTH_SCORE_CHANGED')).toEqual([]);
    expect(ofType(incidents, 'SESSION_STARTED')[0]!.details).toMatchObject({ to: 'started' });
    // A passed identity check during the exam (the client may verify again) gives the identity part back.
    expect((await checkIdentity(service, candidate, { enrol: false })).passed).toBe(true);
    const after = await institutionView(service, candidate);
    expect(after.session.authScore).toBe(90);
    expect(ofType(after.incidents, 'AUTH_SCORE_CHANGED').map((change) => change.details.authScore)).toEqual([90]);
  });

  it('flags a finished session below the trust threshold, unless flags are off', async () => {
    for (const flagsEnabled of [true, false]) {
      const candidate = await launchCandidate(service, {
        account,
        examBody: { policy: { trustThreshold: 0.9, flagsEnabled } },
      });
      await startedCandidate(service, candidate);
      await reportIncidents(service, candidate, ['PROHIBITED_PROCESS']);
      await lifecycle(service, candidate, 'finish');
      const { session, incidents } = await institutionView(service, candidate);
      expect(session.authScore).toBe(85); // 85/100 < 0.9
      expect(session.flaggedForReview).toBe(flagsEnabled);
      expect(ofType(incidents, 'SESSION_FINISHED')[0]!.details).toMatchObject({ flaggedForReview: flagsEnabled });
    }
  });

  it('keeps counting incidents that arrive after the finish (an offline queue), and flags then', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { trustThreshold: 0.75 } } });
    await startedCandidate(service, candidate);
    await lifecycle(service, candidate, 'finish');
    expect((await institutionView(service, candidate)).session).toMatchObject({
      authScore: 100,
      flaggedForReview: false,
    });
    const late = await reportIncidents(service, candidate, ['DISPLAY_ADDED', 'DISPLAY_ADDED']);
    expect(late.body).toMatchObject({ accepted: 2, state: 'finished', authScore: 70 });
    const { session } = await institutionView(service, candidate);
    expect(session).toMatchObject({ state: 'finished', authScore: 70, flaggedForReview: true });
  });
});
