/** Institution routes over real HTTP: exams, sessions, incidents, actions and webhook settings, signed with the account key. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Exam } from '../../../shared/api/exams';
import type { CreateSessionResponse, Session } from '../../../shared/api/sessions';
import {
  call,
  createAccount,
  createExam,
  createSession,
  launch,
  launchCandidate,
  type TestKey,
} from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('institution routes', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    // This suite also signs with StartExam's V1, which a new account only takes when allowed.
    account = await createAccount(service, undefined, { allowV1: true });
  });
  afterAll(() => service?.close());

  it('creates an exam with defaults applied and reads it back, with either signing scheme', async () => {
    const created = await call<Exam>(service.baseUrl, 'POST', '/v1/exams', {
      key: { ...account, scheme: 'SharedKey' },
      body: {
        title: ' Chemistry ',
        durationMinutes: 45,
        mode: 'live',
        policy: { trustThreshold: 0.8, autoStop: { high: 2 } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Chemistry',
      mode: 'live',
      durationMinutes: 45,
      accountId: account.keyId,
      startUrl: `${service.baseUrl}/demo-exam`,
      allowedUrls: [],
      policy: { trustThreshold: 0.8, logRetentionDays: 90, autoStop: { low: 0, medium: 10, high: 2, critical: 1 } },
    });
    const read = await call<Exam>(service.baseUrl, 'GET', `/v1/exams/${created.body.id}`, { key: account });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("hides another account's exams and sessions (404)", async () => {
    const other = await createAccount(service);
    const exam = await createExam(service, account);
    const session = await createSession(service, account, exam.id);
    expect((await call(service.baseUrl, 'GET', `/v1/exams/${exam.id}`, { key: other })).status).toBe(404);
    expect((await call(service.baseUrl, 'GET', `/v1/sessions/${session.sessionId}`, { key: other })).status).toBe(404);
    expect(
      (
        await call(service.baseUrl, 'POST', `/v1/exams/${exam.id}/sessions`, {
          key: other,
          body: { externalUserId: 'x', userName: 'X' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(service.baseUrl, 'POST', `/v1/sessions/${session.sessionId}/dismiss`, { key: other })).status,
    ).toBe(404);
  });

  it('answers 404 for unknown ids', async () => {
    const unknown = '5b0f0b5e-3f7d-4a53-9d0e-3c1d2f0b9a11';
    for (const path of [`/v1/exams/${unknown}`, `/v1/sessions/${unknown}`, `/v1/sessions/${unknown}/incidents`]) {
      const result = await call<{ error: { code: string } }>(service.baseUrl, 'GET', path, { key: account });
      expect(result.status, path).toBe(404);
      expect(result.body.error.code).toBe('not_found');
    }
  });

  it('creates a session with a 128-bit-or-more launch code and a vigil:// URL, expiring in 7 days', async () => {
    const exam = await createExam(service, account);
    const before = Date.now();
    const result = await call<CreateSessionResponse>(service.baseUrl, 'POST', `/v1/exams/${exam.id}/sessions`, {
      key: account,
      body: { externalUserId: 'student-42', userName: 'Grace Hopper', userEmail: 'grace@example.org' },
    });
    expect(result.status).toBe(201);
    const { launchCode, launchUrl, expiresAt, sessionId } = result.body;
    expect(Buffer.from(launchCode, 'base64url').byteLength * 8).toBeGreaterThanOrEqual(128);
    expect(launchUrl).toBe(`vigil://launch/${launchCode}`);
    const ttl = Date.parse(expiresAt) - before;
    expect(ttl).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600_000 + 60_000);

    const session = await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${sessionId}`, { key: account });
    expect(session.body).toMatchObject({
      id: sessionId,
      examId: exam.id,
      externalUserId: 'student-42',
      userName: 'Grace Hopper',
      userEmail: 'grace@example.org',
      state: 'joined',
      authScore: null,
      preview: false,
      incidentCounts: { low: 0, medium: 0, high: 0, critical: 0 },
    });
    // The code is stored only as a hash.
    const row = await service.app.repositories.sessions.findById(sessionId);
    expect(row?.launch_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(launchCode);
  });

  it('re-issues a launch code until the exam starts (the old code and any launched key die), and refuses after or for another account', async () => {
    const exam = await createExam(service, account);
    const first = await createSession(service, account, exam.id);
    const path = `/v1/sessions/${first.sessionId}/launch-code`;
    const reissued = await call<CreateSessionResponse>(service.baseUrl, 'POST', path, { key: account });
    expect(reissued.status).toBe(201);
    expect(reissued.body.sessionId).toBe(first.sessionId);
    expect(reissued.body.launchCode).not.toBe(first.launchCode);
    expect(reissued.body.launchUrl).toBe(`vigil://launch/${reissued.body.launchCode}`);

    expect((await call(service.baseUrl, 'POST', path, { key: await createAccount(service) })).status).toBe(404);
    expect((await launch(service, first.launchCode)).status).toBe(404);
    const launched = await launch(service, reissued.body.launchCode);
    expect(launched.status).toBe(200);
    const lostKey = { keyId: launched.body.keyId, secretKey: launched.body.secretKey };
    expect((await call(service.baseUrl, 'GET', '/v1/client/session', { key: lostKey })).status).toBe(200);

    // Launched but not started (the answer never reached the candidate): a new code, the old key revoked.
    const afterLaunch = await call<CreateSessionResponse>(service.baseUrl, 'POST', path, { key: account });
    expect(afterLaunch.status).toBe(201);
    expect((await call(service.baseUrl, 'GET', '/v1/client/session', { key: lostKey })).status).toBe(403);
    const relaunched = await launch(service, afterLaunch.body.launchCode);
    expect(relaunched.status).toBe(200);
    expect(relaunched.body.sessionId).toBe(first.sessionId);

    await service.app.repositories.sessions.update(first.sessionId, { state: 'started' });
    const again = await call<{ error: { code: string; message: string } }>(service.baseUrl, 'POST', path, {
      key: account,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('started') });
  });

  it('stores the institution face photo bytes for the identity check', async () => {
    const exam = await createExam(service, account);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const session = await createSession(service, account, exam.id, { facePhoto: png.toString('base64') });
    const faces = await service.app.repositories.identity.findFaces(session.sessionId);
    expect(Buffer.from(faces!.reference_photo!)).toEqual(png);
    const launched = await launch(service, session.launchCode);
    expect(launched.body.candidate.hasFacePhoto).toBe(true);
  });

  it('counts incidents per severity and lists them in order', async () => {
    const candidate = await launchCandidate(service, { account });
    const incidents = [
      { type: 'FOCUS_LOST', at: '2026-01-01T10:00:02.000Z' }, // medium
      { type: 'DISPLAY_ADDED', at: '2026-01-01T10:00:01.000Z' }, // high
      { type: 'BLOCKED_SHORTCUT', at: '2026-01-01T10:00:03.000Z' }, // low
      { type: 'FOCUS_LOST', at: '2026-01-01T10:00:04.000Z' }, // medium
    ];
    const posted = await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
      key: candidate.sessionKey,
      body: {
        incidents: incidents.map((incident) => ({
          clientId: crypto.randomUUID(),
          type: incident.type,
          occurredAt: incident.at,
          recordingOffsetMs: 1500,
          details: { note: incident.type },
        })),
      },
    });
    expect(posted.status).toBe(200);

    const session = await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${candidate.session.sessionId}`, {
      key: account,
    });
    // SESSION_JOINED (low) from the launch, plus the four above.
    expect(session.body.incidentCounts).toEqual({ low: 2, medium: 2, high: 1, critical: 0 });

    const list = await call<{
      incidents: Array<{
        type: string;
        severity: string;
        occurredAt: string;
        recordingOffsetMs: number | null;
        details: unknown;
      }>;
    }>(service.baseUrl, 'GET', `/v1/sessions/${candidate.session.sessionId}/incidents`, { key: account });
    const reported = list.body.incidents.filter((incident) => incident.type !== 'SESSION_JOINED');
    expect(reported.map((incident) => incident.occurredAt)).toEqual([...incidents.map((i) => i.at)].sort());
    expect(reported[0]).toMatchObject({
      type: 'DISPLAY_ADDED',
      severity: 'high',
      recordingOffsetMs: 1500,
      details: { note: 'DISPLAY_ADDED' },
    });
  });

  it('approves, dismisses and closes by the state table, 409 otherwise, each with its incident', async () => {
    const candidate = await launchCandidate(service, { account, examBody: { policy: { autoApprove: false } } });
    const id = candidate.session.sessionId;
    const act = (action: string, body?: unknown) =>
      call<Session & { error?: { code: string } }>(service.baseUrl, 'POST', `/v1/sessions/${id}/${action}`, {
        key: account,
        body,
      });

    const early = await act('approve');
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('invalid_state');

    const requested = await call(service.baseUrl, 'POST', '/v1/client/session/request-approval', {
      key: candidate.sessionKey,
    });
    expect(requested.body).toMatchObject({ state: 'approval_requested' });
    expect((await act('approve')).body.state).toBe('approved');
    expect((await act('dismiss', { reason: 'Wrong room' })).body).toMatchObject({
      state: 'dismissed',
      stopReason: 'Wrong room',
    });
    expect((await act('close')).status).toBe(409);

    const types = (
      await call<{ incidents: Array<{ type: string; details: Record<string, unknown> }> }>(
        service.baseUrl,
        'GET',
        `/v1/sessions/${id}/incidents`,
        {
          key: account,
        },
      )
    ).body.incidents.map((incident) => incident.type);
    expect(types).toEqual(['SESSION_JOINED', 'SESSION_APPROVAL_REQUESTED', 'SESSION_APPROVED', 'SESSION_DISMISSED']);
  });

  it('closes a finished session', async () => {
    const candidate = await launchCandidate(service, { account });
    for (const step of ['request-approval', 'start', 'finish']) {
      expect(
        (await call(service.baseUrl, 'POST', `/v1/client/session/${step}`, { key: candidate.sessionKey })).status,
      ).toBe(200);
    }
    const closed = await call<Session>(service.baseUrl, 'POST', `/v1/sessions/${candidate.session.sessionId}/close`, {
      key: account,
    });
    expect(closed.body.state).toBe('closed');
  });

  it('sets, filters and removes the webhook', async () => {
    const key = await createAccount(service);
    const put = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key,
      body: { url: 'https://hooks.example.org/vigil', incidentTypes: ['FOCUS_LOST', 'SESSION_FINISHED'] },
    });
    expect(put).toMatchObject({
      status: 200,
      body: { url: 'https://hooks.example.org/vigil', incidentTypes: ['FOCUS_LOST', 'SESSION_FINISHED'] },
    });
    expect((await call(service.baseUrl, 'GET', '/v1/webhooks', { key })).body).toEqual(put.body);
    const removed = await call(service.baseUrl, 'PUT', '/v1/webhooks', { key, body: { url: null } });
    expect(removed.body).toEqual({ url: null, incidentTypes: [] });
    const invalid = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key,
      body: { url: 'ftp://x', incidentTypes: ['NOPE'] },
    });
    expect(invalid.status).toBe(400);
  });

  it('refuses a session key on institution routes and an account key on client routes', async () => {
    const candidate = await launchCandidate(service, { account });
    const withSessionKey = await call<{ error: { code: string } }>(
      service.baseUrl,
      'GET',
      `/v1/sessions/${candidate.session.sessionId}`,
      {
        key: candidate.sessionKey,
      },
    );
    expect(withSessionKey.status).toBe(403);
    expect(withSessionKey.body.error.code).toBe('forbidden');
    const withAccountKey = await call(service.baseUrl, 'GET', '/v1/client/session', { key: account });
    expect(withAccountKey.status).toBe(403);
  });

  it('a new account requires V2: StartExam signatures are refused with a message naming SharedKeyV2', async () => {
    const created = await service.app.services.accounts.create({ name: 'strict' });
    const key = { keyId: created.accountId, secretKey: created.secretKey };
    const v1 = await call<{ error: { code: string; message: string } }>(service.baseUrl, 'POST', '/v1/exams', {
      key: { ...key, scheme: 'SharedKey' },
      body: { title: 'x', durationMinutes: 10, policy: {} },
    });
    expect(v1.status).toBe(403);
    expect(v1.body.error.code).toBe('signature_version_required');
    expect(v1.body.error.message).toContain('SharedKeyV2');
    expect((await createExam(service, key)).title).toBe('Algebra final');
  });
});
