/**
 * What the service decides, not the client: a preview session (the client's unverified `kind`) only
 * where the policy allows it, marked in every answer and webhook, capped and always flagged; the quit
 * password is the session's own and its verifier reaches only an approved client; after the end a
 * session key finishes its open uploads but adds no recording and no incident.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyQuitPassword } from '../../../main/lockdown/quit-password';
import type { ClientSession, SessionStatusResponse } from '../../../shared/api/client';
import type { ErrorBody } from '../../../shared/api/errors';
import {
  call,
  clientIncident,
  createAccount,
  createExam,
  createSession,
  launch,
  launchCandidate,
  type LaunchedCandidate,
  type TestKey,
} from '../../support/service-client';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { createUpload, headUpload, patchUpload } from '../../support/recordings-tus';
import { clientCall, institutionView, lifecycle, startedCandidate } from '../../support/service-proctoring';

describeEachBackend('the service decides what a session is', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer() });
    account = await createAccount(service);
    // Webhooks are queued (nobody delivers them here), so every payload can be read.
    await service.app.database.db
      .updateTable('accounts')
      .set({ webhook_url: 'http://127.0.0.1:9/hooks' })
      .where('id', '=', Number(account.keyId))
      .execute();
  });
  afterAll(() => service?.close());

  const previewCandidate = async (policy: Record<string, unknown> = {}): Promise<LaunchedCandidate> => {
    const exam = await createExam(service, account, { policy: { allowPreview: true, ...policy } });
    const session = await createSession(service, account, exam.id);
    const launched = await launch(service, session.launchCode, 'preview');
    expect(launched.status).toBe(200);
    return {
      account,
      exam,
      session,
      launch: launched.body,
      sessionKey: { keyId: launched.body.keyId, secretKey: launched.body.secretKey },
    };
  };
  const payloads = async (sessionId: string) =>
    (
      await service.app.database.db
        .selectFrom('webhook_outbox')
        .select('payload')
        .where('session_id', '=', sessionId)
        .execute()
    ).map((row) => JSON.parse(row.payload) as { incidentType: string; preview?: boolean; additionalData: object });

  it('refuses the preview by default (403 with the envelope), the launch code still good for the desktop client', async () => {
    const exam = await createExam(service, account);
    const session = await createSession(service, account, exam.id);
    const refused = await launch(service, session.launchCode, 'preview');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/desktop/) } });
    expect((await launch(service, session.launchCode, 'desktop')).status).toBe(200);
  });

  it('marks a preview in every answer and webhook, caps its score and always flags it', async () => {
    const candidate = await previewCandidate({ previewScoreCap: 40 });
    expect((await institutionView(service, candidate)).session).toMatchObject({
      preview: true,
      flaggedForReview: true,
    });
    const described = await clientCall<ClientSession>(service, candidate, 'GET', '/v1/client/session');
    expect(described.body.preview).toBe(true);
    const started = await startedCandidate(service, candidate);
    // A verified candidate without incidents would be 100.
    expect(started).toMatchObject({ state: 'started', authScore: 40, preview: true });
    const finished = await lifecycle(service, candidate, 'finish');
    expect(finished.body).toMatchObject({ authScore: 40, preview: true });
    const { session } = await institutionView(service, candidate);
    expect(session).toMatchObject({ state: 'finished', authScore: 40, flaggedForReview: true, preview: true });
    const listed = await call<{ preview: boolean }>(
      service.baseUrl,
      'GET',
      `/v1/sessions/${candidate.session.sessionId}/incidents`,
      { key: account, now: service.app.clock() },
    );
    expect(listed.body.preview).toBe(true);
    const sent = await payloads(candidate.session.sessionId);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.every((payload) => payload.preview === true)).toBe(true);
    expect(sent.find((payload) => payload.incidentType === 'SESSION_FINISHED')!.additionalData).toMatchObject({
      authScore: 40,
      authScoreCap: 40,
      flaggedForReview: true,
    });
    // A desktop session's webhooks say preview: false.
    const desktop = await launchCandidate(service, { account });
    expect((await payloads(desktop.session.sessionId)).map((payload) => payload.preview)).toEqual([false]);
  });

  it('issues each session its own quit password; the client gets the verifier only once approved', async () => {
    const refused = await call<ErrorBody>(service.baseUrl, 'POST', '/v1/exams', {
      key: account,
      now: service.app.clock(),
      body: { title: 'Exam-wide hash', durationMinutes: 30, policy: { quitPasswordHash: 'scrypt$16384$AAAA$BBBB' } },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/quit-password/);

    const candidate = await launchCandidate(service, { account, examBody: { policy: { autoApprove: false } } });
    const other = await launchCandidate(service, { account });
    const passwordOf = async (who: LaunchedCandidate) =>
      (
        await call<{ quitPassword: string }>(
          service.baseUrl,
          'GET',
          `/v1/sessions/${who.session.sessionId}/quit-password`,
          { key: account, now: service.app.clock() },
        )
      ).body.quitPassword;
    const password = await passwordOf(candidate);
    expect(password).not.toBe(await passwordOf(other));
    expect(JSON.stringify(candidate.launch)).not.toMatch(/scrypt\$/);

    const waiting = await lifecycle(service, candidate, 'request-approval');
    expect(waiting.body.state).toBe('approval_requested');
    expect(waiting.body.quitPasswordHash).toBeUndefined();
    const heartbeat = () =>
      clientCall<SessionStatusResponse>(service, candidate, 'POST', '/v1/client/session/heartbeat');
    expect((await heartbeat()).body.quitPasswordHash).toBeUndefined();
    expect(
      (await clientCall<ClientSession>(service, candidate, 'GET', '/v1/client/session')).body.quitPasswordHash,
    ).toBeUndefined();

    const approved = await call(service.baseUrl, 'POST', `/v1/sessions/${candidate.session.sessionId}/approve`, {
      key: account,
      now: service.app.clock(),
    });
    expect(approved.status).toBe(200);
    const verifier = (await heartbeat()).body.quitPasswordHash;
    expect(verifier).toMatch(/^scrypt\$16384\$/);
    expect(await verifyQuitPassword(password, verifier)).toBe(true);
    expect(await verifyQuitPassword(await passwordOf(other), verifier)).toBe(false);
    expect(
      (await clientCall<ClientSession>(service, candidate, 'GET', '/v1/client/session')).body.quitPasswordHash,
    ).toBe(verifier);
  });

  it('after the end: open uploads finish, but no new recording and no new incident (409 with the envelope)', async () => {
    const candidate = await launchCandidate(service, { account });
    await startedCandidate(service, candidate);
    const key = candidate.sessionKey;
    const sessionId = candidate.session.sessionId;
    const open = randomUUID();
    const chunk = randomBytes(2048);
    const created = await createUpload(service.baseUrl, key, { recordingId: open, sessionId, kind: 'camera' }, 4096);
    expect(created.status).toBe(201);
    expect((await patchUpload(service.baseUrl, key, open, 0, chunk)).status).toBe(204);
    const beforeEnd = new Date(service.app.clock().getTime() - 1_000).toISOString();
    await lifecycle(service, candidate, 'finish');
    service.advanceClock(5 * 60_000);
    const now = service.app.clock().toISOString();

    // The upload it had open completes.
    expect((await headUpload(service.baseUrl, key, open)).headers.get('upload-offset')).toBe('2048');
    expect((await patchUpload(service.baseUrl, key, open, 2048, randomBytes(2048))).status).toBe(204);
    // A recording begun before the end (an offline client creating its upload late) is still taken …
    const late = await createUpload(service.baseUrl, key, {
      recordingId: randomUUID(),
      sessionId,
      kind: 'screen',
      startedAt: beforeEnd,
    });
    expect(late.status).toBe(201);
    // … one begun after the end is not.
    const fresh = await createUpload(service.baseUrl, key, {
      recordingId: randomUUID(),
      sessionId,
      kind: 'screen',
      startedAt: now,
    });
    expect(fresh.status).toBe(409);
    expect(await fresh.json()).toMatchObject({ error: { code: 'invalid_state' } });

    const countBefore = (await institutionView(service, candidate)).incidents.length;
    const after = await clientCall<ErrorBody>(service, candidate, 'POST', '/v1/client/session/incidents', {
      incidents: [clientIncident('FOCUS_LOST', { occurredAt: now })],
    });
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({
      error: { code: 'invalid_state', message: expect.stringMatching(/after its end/) },
    });
    // The offline queue catching up with what happened before the end is still heard.
    const queued = await clientCall(service, candidate, 'POST', '/v1/client/session/incidents', {
      incidents: [clientIncident('FOCUS_LOST', { occurredAt: beforeEnd })],
    });
    expect(queued.status).toBe(200);
    expect((await institutionView(service, candidate)).incidents.length).toBeGreaterThan(countBefore);
  });
});
