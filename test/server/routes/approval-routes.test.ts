/**
 * Approval over real HTTP: automatic when the policy says so, else the institution's approve; a
 * violation while approval is requested or granted voids it (SESSION_APPROVAL_REVERTED → checks)
 * and says why; anything else leaves it alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  checkIdentity,
  institutionAct,
  institutionView,
  lifecycle,
  reportIncidents,
} from '../../support/service-proctoring';

type ErrorBody = { error: { code: string; message: string } };

describeEachBackend('approval', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  const manual = { policy: { autoApprove: false } };
  const types = async (candidate: Awaited<ReturnType<typeof launchCandidate>>) =>
    (await institutionView(service, candidate)).incidents.map((incident) => incident.type);

  it('approves in the same request when the policy auto-approves', async () => {
    const candidate = await launchCandidate(service, { account });
    await checkIdentity(service, candidate);
    const result = await lifecycle(service, candidate, 'request-approval');
    expect(result.body.state).toBe('approved');
    const { incidents } = await institutionView(service, candidate);
    const approved = incidents.find((incident) => incident.type === 'SESSION_APPROVED');
    expect(approved?.details).toMatchObject({ automatic: true, from: 'approval_requested', to: 'approved' });
    expect(incidents.map((incident) => incident.type).slice(-2)).toEqual([
      'SESSION_APPROVAL_REQUESTED',
      'SESSION_APPROVED',
    ]);
  });

  it('otherwise waits for the institution; the start is refused until then', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    expect((await lifecycle(service, candidate, 'request-approval')).body.state).toBe('approval_requested');
    const early = await lifecycle(service, candidate, 'start');
    expect(early.status).toBe(409);
    expect((early.body as unknown as ErrorBody).error.message).toBe(
      'Cannot start a session that is approval requested',
    );
    const approved = await institutionAct(service, candidate, 'approve');
    expect(approved.body).toMatchObject({ state: 'approved' });
    expect((await lifecycle(service, candidate, 'start')).body.state).toBe('started');
    const approvedIncident = (await institutionView(service, candidate)).incidents.find(
      (incident) => incident.type === 'SESSION_APPROVED',
    );
    expect(approvedIncident?.details).toMatchObject({ reason: 'Approved by the institution' });
  });

  it('is voided by a violation while requested, with the cause, its recording time and the reason', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    await lifecycle(service, candidate, 'request-approval');
    const reported = await reportIncidents(service, candidate, [{ type: 'FOCUS_LOST', recordingOffsetMs: 4_200 }]);
    expect(reported.body.state).toBe('checks');

    const { session, incidents } = await institutionView(service, candidate);
    expect(session.state).toBe('checks');
    const focus = incidents.find((incident) => incident.type === 'FOCUS_LOST')!;
    const reverted = incidents.find((incident) => incident.type === 'SESSION_APPROVAL_REVERTED')!;
    expect(reverted).toMatchObject({
      severity: 'medium',
      recordingOffsetMs: 4_200,
      details: {
        from: 'approval_requested',
        to: 'checks',
        causeType: 'FOCUS_LOST',
        causeIncidentId: focus.id,
        reason: 'FOCUS_LOST while waiting for approval: the approval is void, request it again',
      },
    });
    // The institution can no longer approve what was voided; the candidate asks again.
    expect((await institutionAct(service, candidate, 'approve')).status).toBe(409);
    expect((await lifecycle(service, candidate, 'request-approval')).body.state).toBe('approval_requested');
  });

  it('is voided by a violation after approval, before the start', async () => {
    const candidate = await launchCandidate(service, { account });
    await checkIdentity(service, candidate);
    expect((await lifecycle(service, candidate, 'request-approval')).body.state).toBe('approved');
    await reportIncidents(service, candidate, ['DISPLAY_ADDED']);
    const { session, incidents } = await institutionView(service, candidate);
    expect(session.state).toBe('checks');
    expect(incidents.find((incident) => incident.type === 'SESSION_APPROVAL_REVERTED')?.details).toMatchObject({
      from: 'approved',
      reason: 'DISPLAY_ADDED after approval, before the start: the approval is void, request it again',
    });
    expect((await lifecycle(service, candidate, 'start')).status).toBe(409);
  });

  it('is kept through incidents that are not violations', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    await lifecycle(service, candidate, 'request-approval');
    const reported = await reportIncidents(service, candidate, ['CAMERA_STARTED', 'NETWORK_LOST', 'DISK_SPACE_LOW']);
    expect(reported.body.state).toBe('approval_requested');
    expect(await types(candidate)).not.toContain('SESSION_APPROVAL_REVERTED');
  });
});
