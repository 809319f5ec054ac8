/**
 * Identity cannot be steered by the candidate: the enrolment is taken once, before the start, and
 * never replaced (a resumed client confirms against it, clientCompared false); a missing liveness
 * result verifies nobody, and a claimed pass is weighed by the service, which records what it could
 * not check.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FaceEnrollResponse, IdentityResponse } from '../../../shared/api/client';
import type { ErrorBody } from '../../../shared/api/errors';
import { createAccount, launchCandidate, type LaunchedCandidate, type TestKey } from '../../support/service-client';
import { faceSnapshot, fakeFaceAnalyzer, type FakePerson } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  checkIdentity,
  clientCall,
  enrolFace,
  institutionView,
  lifecycle,
  startedCandidate,
} from '../../support/service-proctoring';

describeEachBackend('identity cannot be steered by the candidate', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  const enrol = (candidate: LaunchedCandidate, person: FakePerson) =>
    clientCall<FaceEnrollResponse | ErrorBody>(service, candidate, 'POST', '/v1/client/session/face-enroll', {
      snapshots: [faceSnapshot(person, 1)],
    });
  const confirm = (candidate: LaunchedCandidate, person: FakePerson) =>
    clientCall<IdentityResponse>(service, candidate, 'POST', '/v1/client/session/identity', {
      kind: 'live',
      snapshots: [faceSnapshot(person, 0)],
      clientSimilarity: 0,
      clientPassed: false,
      clientCompared: false,
    });
  const enrolment = async (candidate: LaunchedCandidate) =>
    (await service.app.repositories.identity.findFaces(candidate.session.sessionId))?.enrolment_embedding;

  it('refuses a second enrolment (409 with the envelope) and keeps the first', async () => {
    const candidate = await launchCandidate(service, { account });
    await enrolFace(service, candidate, 'a');
    const first = await enrolment(candidate);
    const second = await enrol(candidate, 'b');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: { code: 'conflict', message: expect.stringMatching(/already enrolled/) },
    });
    expect(await enrolment(candidate)).toBe(first);
    // Person B cannot pass as the enrolled candidate afterwards.
    expect((await checkIdentity(service, candidate, { enrol: false, shown: 'b' })).passed).toBe(false);
  });

  it('refuses an enrolment once the exam has started, even for a session never enrolled', async () => {
    const candidate = await launchCandidate(service, { account });
    await lifecycle(service, candidate, 'request-approval');
    await lifecycle(service, candidate, 'start');
    const late = await enrol(candidate, 'b');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'invalid_state' } });
    expect(await enrolment(candidate)).toBeFalsy();
  });

  it('the resume confirmation compares with the stored enrolment and never replaces it', async () => {
    const candidate = await launchCandidate(service, { account });
    await startedCandidate(service, candidate);
    const stored = await enrolment(candidate);
    expect((await confirm(candidate, 'a')).body.passed).toBe(true);
    const stranger = await confirm(candidate, 'b');
    expect(stranger.body).toMatchObject({ passed: false });
    expect(await enrolment(candidate)).toBe(stored);
    const { incidents } = await institutionView(service, candidate);
    expect(incidents.filter((incident) => incident.type === 'IDENTITY_MISMATCH')).toHaveLength(1);
  });

  it('a live check without a liveness result verifies nobody: not passed, and the identity part stays at 0', async () => {
    const candidate = await launchCandidate(service, { account });
    const checked = await checkIdentity(service, candidate, { liveness: null });
    expect(checked).toMatchObject({ passed: false, agreed: true });
    await lifecycle(service, candidate, 'request-approval');
    expect((await lifecycle(service, candidate, 'start')).body.authScore).toBe(50);
    const [row] = await service.app.repositories.identity.listChecks(candidate.session.sessionId);
    expect(JSON.parse(row!.liveness!)).toMatchObject({
      claimed: null,
      verified: false,
      failures: [expect.stringMatching(/^missing/)],
    });
  });

  it('weighs a claimed pass: an implausible head turn is not believed, and what was not checked is recorded', async () => {
    const candidate = await launchCandidate(service, { account });
    const claimedOnly = await checkIdentity(service, candidate, {
      liveness: { challenge: 'turn-left', passed: true, peakYawDegrees: 1 },
    });
    expect(claimedOnly.passed).toBe(false);
    const beyond = await checkIdentity(service, candidate, {
      enrol: false,
      liveness: { challenge: 'turn-left', passed: true, peakYawDegrees: 170 },
    });
    expect(beyond.passed).toBe(false);
    const plausible = await checkIdentity(service, candidate, { enrol: false });
    expect(plausible.passed).toBe(true);
    const rows = await service.app.repositories.identity.listChecks(candidate.session.sessionId);
    const assessments = rows.map((row) => JSON.parse(row.liveness!) as { verified: boolean; notChecked: string[] });
    expect(assessments.map((assessment) => assessment.verified).sort()).toEqual([false, false, true]);
    for (const assessment of assessments) expect(assessment.notChecked.join(' ')).toMatch(/head-turn/);
    await lifecycle(service, candidate, 'request-approval');
    expect((await lifecycle(service, candidate, 'start')).body.authScore).toBe(100);
  });
});
