/** The candidate's client over real HTTP: launch, the session key's reach, the state table, incidents, heartbeat. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSession, LaunchResponse, SessionStatusResponse } from '../../../shared/api/client';
import type { Session } from '../../../shared/api/sessions';
import { SESSION_TRANSITIONS } from '../../../shared/session-states';
import {
  call,
  clientIncident,
  createAccount,
  createExam,
  createSession,
  launch,
  launchCandidate,
  type TestKey,
} from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

type ErrorResult = { error: { code: string; message: string } };

describeEachBackend('client routes', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  const sessionOf = async (id: string) =>
    (await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${id}`, { key: account })).body;
  const incidentTypes = async (id: string) =>
    (
      await call<{ incidents: Array<{ type: string }> }>(service.baseUrl, 'GET', `/v1/sessions/${id}/incidents`, {
        key: account,
      })
    ).body.incidents.map((incident) => incident.type);

  describe('launch', () => {
    it('returns a session-scoped key, the exam, policy and candidate, and records SESSION_JOINED', async () => {
      const exam = await createExam(service, account, { policy: { requireIdCard: true } });
      const session = await createSession(service, account, exam.id, { userName: 'Alan Turing' });
      const result = await launch(service, session.launchCode);
      expect(result.status).toBe(200);
      const body: LaunchResponse = result.body;
      expect(body).toMatchObject({
        sessionId: session.sessionId,
        exam: { id: exam.id, title: exam.title, startUrl: exam.startUrl },
        policy: { requireIdCard: true },
        candidate: { userName: 'Alan Turing', hasFacePhoto: false },
        state: 'joined',
        preview: false,
      });
      expect(body.keyId).toMatch(/^s_[A-Za-z0-9_-]{22}$/);
      expect(body.secretKey).toMatch(/^[0-9a-f]{64}$/);
      // The institution's key never reaches the candidate.
      expect(JSON.stringify(body)).not.toContain(account.secretKey);
      const row = await service.app.repositories.sessions.findById(session.sessionId);
      expect(row?.session_key_ciphertext).not.toContain(body.secretKey);
      expect(await incidentTypes(session.sessionId)).toEqual(['SESSION_JOINED']);
    });

    it('is single use (410), unknown codes are 404, expired codes 410', async () => {
      const exam = await createExam(service, account);
      const session = await createSession(service, account, exam.id);
      expect((await launch(service, session.launchCode)).status).toBe(200);
      const again = await launch(service, session.launchCode);
      expect(again.status).toBe(410);
      expect((again.body as unknown as ErrorResult).error.code).toBe('gone');
      expect((await launch(service, 'A'.repeat(32))).status).toBe(404);

      const expiring = await createSession(service, account, exam.id);
      service.advanceClock(7 * 24 * 3600_000 + 1000);
      try {
        const expired = await launch(service, expiring.launchCode);
        expect(expired.status).toBe(410);
        expect((expired.body as unknown as ErrorResult).error.message).toMatch(/expired/);
      } finally {
        service.advanceClock(-(7 * 24 * 3600_000 + 1000));
      }
    });

    it('lets only one of two simultaneous launches win', async () => {
      const exam = await createExam(service, account);
      const session = await createSession(service, account, exam.id);
      const results = await Promise.all([launch(service, session.launchCode), launch(service, session.launchCode)]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 410]);
    });

    it('marks a preview client, and refuses it (403, code still usable) unless the policy allows it', async () => {
      const allowing = await createExam(service, account, { policy: { allowPreview: true } });
      const open = await createSession(service, account, allowing.id);
      const preview = await launch(service, open.launchCode, 'preview');
      expect(preview.body.preview).toBe(true);
      expect((await sessionOf(open.sessionId)).preview).toBe(true);

      // The default refuses the preview: `kind` is only the client's word.
      const strictExam = await createExam(service, account);
      expect(strictExam.policy.allowPreview).toBe(false);
      const strict = await createSession(service, account, strictExam.id);
      const refused = await launch(service, strict.launchCode, 'preview');
      expect(refused.status).toBe(403);
      expect((await launch(service, strict.launchCode, 'desktop')).status).toBe(200);
    });

    it('is rate-limited (429)', async () => {
      const limited = await startTestService(backend, { launchRateLimit: { max: 3, timeWindowMs: 60_000 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1)
          statuses.push((await launch(limited, `unknown-code-${i}-padding-padding`)).status);
        expect(statuses).toEqual([404, 404, 404, 429, 429]);
        const limitedBody = await launch(limited, 'unknown-code-x-padding-padding');
        expect((limitedBody.body as unknown as ErrorResult).error.code).toBe('rate_limited');
      } finally {
        await limited.close();
      }
    });
  });

  describe('a session key', () => {
    it('reads its own session', async () => {
      const candidate = await launchCandidate(service, { account });
      const result = await call<ClientSession>(service.baseUrl, 'GET', '/v1/client/session', {
        key: candidate.sessionKey,
      });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        sessionId: candidate.session.sessionId,
        state: 'joined',
        enrolled: false,
        startedAt: null,
        endsAt: null,
        exam: { id: candidate.exam.id },
      });
    });

    it('acts only on its own session', async () => {
      const first = await launchCandidate(service, { account });
      const second = await launchCandidate(service, { account });
      await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
        key: first.sessionKey,
        body: { incidents: [clientIncident('FOCUS_LOST')] },
      });
      expect((await sessionOf(first.session.sessionId)).incidentCounts.medium).toBe(1);
      expect((await sessionOf(second.session.sessionId)).incidentCounts.medium).toBe(0);
      // Nothing on the institution side, whatever the id.
      expect(
        (
          await call(service.baseUrl, 'POST', `/v1/sessions/${second.session.sessionId}/close`, {
            key: first.sessionKey,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(service.baseUrl, 'POST', '/v1/exams', {
            key: first.sessionKey,
            body: { title: 'x', durationMinutes: 1, policy: {} },
          })
        ).status,
      ).toBe(403);
    });

    it('cannot be forged: a made-up session key id is unknown', async () => {
      const candidate = await launchCandidate(service, { account });
      const forged = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/client/session', {
        key: { keyId: 's_AAAAAAAAAAAAAAAAAAAAAA', secretKey: candidate.sessionKey.secretKey },
      });
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('unknown_key');
    });
  });

  describe('the state table', () => {
    it('walks joined → checks → approval → approved → started → finished, recording each step', async () => {
      const candidate = await launchCandidate(service, { account });
      const post = (path: string, body?: unknown) =>
        call<SessionStatusResponse>(service.baseUrl, 'POST', `/v1/client/session/${path}`, {
          key: candidate.sessionKey,
          body,
        });

      expect((await post('steps', { flow: 'system', step: 'START', status: 'started' })).body.state).toBe('checks');
      expect(
        (await post('steps', { flow: 'identity', step: 'FACE_PHOTO', status: 'passed', details: { score: 0.9 } })).body
          .state,
      ).toBe('checks');
      expect((await post('request-approval')).body.state).toBe('approved'); // autoApprove by default
      const started = await post('start', {});
      expect(started.body.state).toBe('started');
      const clientView = await call<ClientSession>(service.baseUrl, 'GET', '/v1/client/session', {
        key: candidate.sessionKey,
      });
      expect(Date.parse(clientView.body.endsAt!) - Date.parse(clientView.body.startedAt!)).toBe(90 * 60_000);
      expect((await post('finish')).body.state).toBe('finished');

      const session = await sessionOf(candidate.session.sessionId);
      expect(session).toMatchObject({ state: 'finished' });
      expect(session.startedAt).not.toBeNull();
      expect(session.finishedAt).not.toBeNull();
      expect(await incidentTypes(candidate.session.sessionId)).toEqual([
        'SESSION_JOINED',
        'SYSTEM_CHECK_STEP_CHANGED',
        'IDENTITY_CHECK_STEP_CHANGED',
        'SESSION_APPROVAL_REQUESTED',
        'SESSION_APPROVED',
        'SESSION_STARTED',
        'SESSION_FINISHED',
      ]);
    });

    it('answers 409 to every move the table does not allow, and changes nothing', async () => {
      const candidate = await launchCandidate(service, { account, examBody: { policy: { autoApprove: false } } });
      const post = (path: string) =>
        call<ErrorResult>(service.baseUrl, 'POST', `/v1/client/session/${path}`, { key: candidate.sessionKey });
      expect(SESSION_TRANSITIONS.start.from).not.toContain('joined');
      for (const path of ['start', 'finish']) {
        const refused = await post(path);
        expect(refused.status, path).toBe(409);
        expect(refused.body.error.code).toBe('invalid_state');
      }
      expect((await post('request-approval')).status).toBe(200);
      expect((await post('request-approval')).status).toBe(409);
      expect((await post('start')).status).toBe(409); // not approved yet
      expect((await sessionOf(candidate.session.sessionId)).state).toBe('approval_requested');
      expect(await incidentTypes(candidate.session.sessionId)).toEqual([
        'SESSION_JOINED',
        'SESSION_APPROVAL_REQUESTED',
      ]);
    });

    it('refuses steps in a terminal state', async () => {
      const candidate = await launchCandidate(service, { account });
      await call(service.baseUrl, 'POST', `/v1/sessions/${candidate.session.sessionId}/dismiss`, { key: account });
      const step = await call(service.baseUrl, 'POST', '/v1/client/session/steps', {
        key: candidate.sessionKey,
        body: { flow: 'system', step: 'START', status: 'started' },
      });
      expect(step.status).toBe(409);
    });
  });

  describe('the exam clock', () => {
    it('status answers carry startedAt and endsAt (start + duration) from the start on, on the service clock', async () => {
      const candidate = await launchCandidate(service, { account, examBody: { durationMinutes: 45 } });
      // Signed on the service's (test-advanced) clock, as the client's clock offset does.
      const post = (path: string, body?: unknown) =>
        call<SessionStatusResponse>(service.baseUrl, 'POST', `/v1/client/session/${path}`, {
          key: candidate.sessionKey,
          body,
          now: service.app.clock(),
        });
      const approved = (await post('request-approval')).body;
      expect(approved).toMatchObject({ state: 'approved', startedAt: null, endsAt: null });
      expect((await post('heartbeat')).body).toMatchObject({ startedAt: null, endsAt: null });

      const started = (await post('start', {})).body;
      expect(started.state).toBe('started');
      // Dated by the start itself, a moment before the answer was written.
      expect(Date.parse(started.startedAt!)).toBeLessThanOrEqual(Date.parse(started.serverTime));
      expect(Date.parse(started.endsAt!) - Date.parse(started.startedAt!)).toBe(45 * 60_000);

      // Half an hour later (a client restarted, say): the same end, 15 minutes away on the service's clock.
      service.advanceClock(30 * 60_000);
      try {
        const beat = (await post('heartbeat', { recordingOffsetMs: 1000 })).body;
        expect(beat).toMatchObject({ state: 'started', startedAt: started.startedAt, endsAt: started.endsAt });
        expect(Date.parse(beat.endsAt!) - Date.parse(beat.serverTime)).toBeLessThanOrEqual(15 * 60_000);
        expect(Date.parse(beat.endsAt!) - Date.parse(beat.serverTime)).toBeGreaterThan(14 * 60_000);
        const step = (await post('steps', { flow: 'system', step: 'WEB_CAM', status: 'passed' })).body;
        expect(step).toMatchObject({ startedAt: started.startedAt, endsAt: started.endsAt });
        const finished = (await post('finish')).body;
        expect(finished).toMatchObject({ state: 'finished', startedAt: started.startedAt, endsAt: started.endsAt });
      } finally {
        service.advanceClock(-30 * 60_000);
      }
      // The client's session view and the status agree.
      const view = await call<ClientSession>(service.baseUrl, 'GET', '/v1/client/session', {
        key: candidate.sessionKey,
      });
      expect(view.body).toMatchObject({ startedAt: started.startedAt, endsAt: started.endsAt });
    });
  });

  describe('incidents', () => {
    it('stores a re-sent incident once (idempotent by clientId)', async () => {
      const candidate = await launchCandidate(service, { account });
      const batch = [
        clientIncident('FOCUS_LOST'),
        clientIncident('BLOCKED_SHORTCUT', { details: { keys: 'Alt+Tab' } }),
      ];
      const first = await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
        key: candidate.sessionKey,
        body: { incidents: batch },
      });
      expect(first.body).toMatchObject({ accepted: 2, duplicates: 0, state: 'joined' });
      const again = await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
        key: candidate.sessionKey,
        body: { incidents: [...batch, clientIncident('FOCUS_LOST')] },
      });
      expect(again.body).toMatchObject({ accepted: 1, duplicates: 2 });
      expect((await sessionOf(candidate.session.sessionId)).incidentCounts).toEqual({
        low: 2,
        medium: 2,
        high: 0,
        critical: 0,
      });
    });

    it('refuses incident types only the service records', async () => {
      const candidate = await launchCandidate(service, { account });
      const refused = await call<ErrorResult>(service.baseUrl, 'POST', '/v1/client/session/incidents', {
        key: candidate.sessionKey,
        body: { incidents: [clientIncident('SESSION_FINISHED')] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    });
  });

  describe('heartbeat', () => {
    it('updates last heartbeat, and reports a terminal state instead of refusing', async () => {
      const candidate = await launchCandidate(service, { account });
      service.advanceClock(60_000);
      try {
        const beat = await call<SessionStatusResponse>(service.baseUrl, 'POST', '/v1/client/session/heartbeat', {
          key: candidate.sessionKey,
          body: { recordingOffsetMs: 42_000 },
        });
        expect(beat.status).toBe(200);
        const session = await sessionOf(candidate.session.sessionId);
        expect(session.lastHeartbeatAt).toBe(beat.body.serverTime);
        const row = await service.app.repositories.sessions.findById(candidate.session.sessionId);
        expect(row?.last_recording_offset_ms).toBe(42_000);
      } finally {
        service.advanceClock(-60_000);
      }
      await call(service.baseUrl, 'POST', `/v1/sessions/${candidate.session.sessionId}/dismiss`, {
        key: account,
        body: { reason: 'test' },
      });
      const after = await call<SessionStatusResponse>(service.baseUrl, 'POST', '/v1/client/session/heartbeat', {
        key: candidate.sessionKey,
      });
      expect(after.body).toMatchObject({ state: 'dismissed', stopReason: 'test' });
    });
  });
});
