/**
 * A candidate's whole journey through the service over real HTTP, with the institution's webhook
 * receiver on 127.0.0.1: every incident of the session arrives once, signed with the account's key;
 * the score's course is readable from SESSION_STARTED, AUTH_SCORE_CHANGED and SESSION_FINISHED;
 * incidents sit at their recording times. Then a journey that ends in an automatic stop.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebhookPayload } from '../../shared/api/webhooks';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../shared/signing/webhook-signature';
import {
  call,
  createAccount,
  launchCandidate,
  type LaunchedCandidate,
  type InstitutionKey,
} from '../support/service-client';
import { isState, openEventStream } from '../support/service-event-stream';
import { fakeFaceAnalyzer } from '../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../support/service-harness';
import {
  checkIdentity,
  clientCall,
  institutionAct,
  institutionView,
  lifecycle,
  reportIncidents,
} from '../support/service-proctoring';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../support/webhook-receiver';

describeEachBackend('a journey seen by the institution’s webhook receiver', (backend) => {
  let service: TestService;
  let receiver: WebhookReceiver;
  let account: InstitutionKey;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(() => 200);
    service = await startTestService(backend, {
      faceAnalyzer: fakeFaceAnalyzer(),
      backgroundJobs: true,
      webhookPollIntervalMs: 20,
    });
    account = await createAccount(service);
    const configured = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key: account,
      body: { url: receiver.url },
    });
    expect(configured.status).toBe(200);
  });
  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  /** Waits until every incident of the session was delivered; returns the deliveries, checked and parsed. */
  async function deliveriesOf(candidate: LaunchedCandidate) {
    const { incidents } = await institutionView(service, candidate);
    const mine = () => receiver.received.filter((webhook) => webhook.payload.sessionId === candidate.session.sessionId);
    await waitFor('every incident delivered', () => mine().length >= incidents.length);
    const received = mine();
    for (const webhook of received) {
      expect(webhook.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(account.webhookSecret, webhook.rawBody));
    }
    const ids = received.map((webhook) => webhook.payload.additionalData.incidentId);
    expect(new Set(ids).size).toBe(received.length);
    expect([...ids].sort()).toEqual(incidents.map((incident) => incident.id).sort());
    const byType = (type: string) =>
      received.filter((webhook) => webhook.payload.incidentType === type).map((webhook) => webhook.payload);
    return { incidents, received, byType };
  }

  it('delivers every event of a finished journey with valid signatures', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { autoApprove: false } } });
    const stream = await openEventStream(service.baseUrl, candidate.sessionKey);
    try {
      for (const step of ['START', 'MICROPHONE', 'WEB_CAM', 'FINISH']) {
        await clientCall(service, candidate, 'POST', '/v1/client/session/steps', {
          flow: 'system',
          step,
          status: 'passed',
        });
      }
      await checkIdentity(service, candidate);
      await lifecycle(service, candidate, 'request-approval');
      await institutionAct(service, candidate, 'approve');
      await stream.next(isState('approved'));
      expect((await lifecycle(service, candidate, 'start', { recordingOffsetMs: 0 })).body.authScore).toBe(100);
      await clientCall(service, candidate, 'POST', '/v1/client/session/heartbeat', { recordingOffsetMs: 30_000 });
      await reportIncidents(service, candidate, [
        { type: 'FOCUS_LOST', recordingOffsetMs: 61_250 },
        { type: 'FACE_ABSENT', recordingOffsetMs: 75_000 },
      ]);
      await stream.next((event) => event.type === 'auth-score' && event.authScore === 93);
      await clientCall(service, candidate, 'POST', '/v1/client/session/heartbeat', { recordingOffsetMs: 295_000 });
      expect((await lifecycle(service, candidate, 'finish')).body).toMatchObject({ state: 'finished', authScore: 93 });
      await stream.ended;
    } finally {
      stream.close();
    }

    const { incidents, byType } = await deliveriesOf(candidate);
    expect(incidents.map((incident) => incident.type)).toEqual([
      'SESSION_JOINED',
      'SYSTEM_CHECK_STEP_CHANGED',
      'SYSTEM_CHECK_STEP_CHANGED',
      'SYSTEM_CHECK_STEP_CHANGED',
      'SYSTEM_CHECK_STEP_CHANGED',
      'IDENTITY_CHECK_STEP_CHANGED',
      'SESSION_APPROVAL_REQUESTED',
      'SESSION_APPROVED',
      'SESSION_STARTED',
      'FOCUS_LOST',
      'AUTH_SCORE_CHANGED',
      'FACE_ABSENT',
      'AUTH_SCORE_CHANGED',
      'SESSION_FINISHED',
    ]);
    const offsets = Object.fromEntries(incidents.map((incident) => [incident.type, incident.recordingOffsetMs]));
    expect(offsets).toMatchObject({ SESSION_STARTED: 0, FOCUS_LOST: 61_250, FACE_ABSENT: 75_000 });
    // Finished without an offset of its own: the last heartbeat's.
    expect(offsets.SESSION_FINISHED).toBe(295_000);

    const additional = (payload: WebhookPayload | undefined) => payload?.additionalData;
    expect(additional(byType('SESSION_STARTED')[0])).toMatchObject({ authScore: 100, recordingOffsetMs: 0 });
    // Deliveries are concurrent, so their order is not the incidents' order: sort by the recording time.
    expect(
      byType('AUTH_SCORE_CHANGED')
        .map((payload) => [
          payload.additionalData.authScore as number,
          payload.additionalData.recordingOffsetMs as number,
        ])
        .sort((a, b) => a[1]! - b[1]!),
    ).toEqual([
      [95, 61_250],
      [93, 75_000],
    ]);
    expect(additional(byType('SESSION_FINISHED')[0])).toMatchObject({
      authScore: 93,
      flaggedForReview: false,
      authScoreParts: { identity: 50, presence: 18, behaviour: 25 },
      recordingOffsetMs: 295_000,
    });
    expect(byType('SESSION_FINISHED')[0]).toMatchObject({
      candidateId: candidate.session.sessionId,
      externalUserId: expect.any(String),
      examId: candidate.exam.id,
    });

    const { session } = await institutionView(service, candidate);
    expect(session).toMatchObject({
      state: 'finished',
      authScore: 93,
      flaggedForReview: false,
      incidentCounts: { low: 13, medium: 1, high: 0, critical: 0 },
    });
  });

  it('delivers an automatic stop with its reason, final score and review flag', async () => {
    const candidate = await launchCandidate(service, { account });
    await checkIdentity(service, candidate);
    await lifecycle(service, candidate, 'request-approval');
    await lifecycle(service, candidate, 'start');
    await reportIncidents(service, candidate, [{ type: 'IDENTITY_MISMATCH', recordingOffsetMs: 12_000 }]);
    const { byType, incidents } = await deliveriesOf(candidate);
    // The consequences are dated at their cause and listed after it.
    expect(
      incidents.slice(-3).map((incident) => [incident.type, incident.occurredAt, incident.recordingOffsetMs]),
    ).toEqual([
      ['IDENTITY_MISMATCH', incidents.at(-3)!.occurredAt, 12_000],
      ['AUTH_SCORE_CHANGED', incidents.at(-3)!.occurredAt, 12_000],
      ['SESSION_STOPPED_AUTOMATICALLY', incidents.at(-3)!.occurredAt, 12_000],
    ]);
    expect(byType('SESSION_STOPPED_AUTOMATICALLY')).toHaveLength(1);
    expect(byType('SESSION_STOPPED_AUTOMATICALLY')[0]!.additionalData).toMatchObject({
      authScore: 50,
      flaggedForReview: true,
      recordingOffsetMs: 12_000,
      severity: 'critical',
      details: { reason: '1 critical incident: IDENTITY_MISMATCH', from: 'started', to: 'stopped' },
    });
    expect(byType('AUTH_SCORE_CHANGED').map((payload) => payload.additionalData.authScore)).toEqual([50]);
  });
});
