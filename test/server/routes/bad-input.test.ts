/** Bad input gets a clear JSON error with the right status, and nothing is half-written. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorBodySchema } from '../../../shared/api/errors';
import {
  call,
  createAccount,
  createExam,
  launchCandidate,
  clientIncident,
  type TestKey,
} from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

type ErrorResult = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

describeEachBackend('bad input', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  const countRows = async (table: 'exams' | 'sessions' | 'incidents') =>
    Number(
      (
        await service.app.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('malformed JSON is 400 invalid_json, even when correctly signed', async () => {
    const result = await call<ErrorResult>(service.baseUrl, 'POST', '/v1/exams', {
      key: account,
      rawBody: '{"title": "x",',
    });
    expect(result.status).toBe(400);
    expect(errorBodySchema.parse(result.body).error.code).toBe('invalid_json');
  });

  it('wrong types and unknown fields are 400 validation_failed with each field named', async () => {
    const result = await call<ErrorResult>(service.baseUrl, 'POST', '/v1/exams', {
      key: account,
      body: {
        title: 42,
        durationMinutes: 'long',
        mode: 'proctored',
        policy: { trustThreshold: 3, surprise: true },
        extra: 1,
      },
    });
    expect(result.status).toBe(400);
    const body = errorBodySchema.parse(result.body);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details!.map((detail) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body/title',
        'body/durationMinutes',
        'body/mode',
        'body/policy/trustThreshold',
        'body/policy',
        'body',
      ]),
    );
    expect(body.error.details!.find((detail) => detail.path === 'body')?.message).toMatch(/extra/);
  });

  it('a missing or malformed Authorization header is 401 / 400; a bad signature 403', async () => {
    const missing = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/webhooks');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    const malformed = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/webhooks', {
      headers: { authorization: 'SharedKey 1:not-base64', date: new Date().toUTCString() },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_authorization');
    const wrong = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/webhooks', {
      key: { ...account, secretKey: 'f'.repeat(64) },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('bad_signature');
    expect(wrong.body.error.message).not.toMatch(/[A-Za-z0-9+/]{43}=/);
    const skewed = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/webhooks', {
      key: account,
      now: new Date(Date.now() - 16 * 60_000),
    });
    expect(skewed.status).toBe(403);
    expect(skewed.body.error.code).toBe('clock_skew');
  });

  it('a replayed SharedKeyV2 request is 403 nonce_reused', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ title: 'Replay', durationMinutes: 5, policy: {} }));
    const { signRequestHeaders } = await import('../../../shared/signing/shared-key');
    const headers = {
      ...signRequestHeaders({
        scheme: 'SharedKeyV2',
        keyId: account.keyId,
        secretKey: account.secretKey,
        method: 'POST',
        url: `${service.baseUrl}/v1/exams`,
        body,
      }),
      'content-type': 'application/json',
    };
    const send = () => fetch(`${service.baseUrl}/v1/exams`, { method: 'POST', headers, body });
    expect((await send()).status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(403);
    expect(((await replay.json()) as ErrorResult).error.code).toBe('nonce_reused');
  });

  it('a V2 body swapped in transit is 403 content_hash_mismatch', async () => {
    const { signRequestHeaders } = await import('../../../shared/signing/shared-key');
    const signedFor = new TextEncoder().encode(JSON.stringify({ title: 'Aaaa', durationMinutes: 5, policy: {} }));
    const sent = new TextEncoder().encode(JSON.stringify({ title: 'Bbbb', durationMinutes: 5, policy: {} }));
    const response = await fetch(`${service.baseUrl}/v1/exams`, {
      method: 'POST',
      body: sent,
      headers: {
        ...signRequestHeaders({
          scheme: 'SharedKeyV2',
          keyId: account.keyId,
          secretKey: account.secretKey,
          method: 'POST',
          url: `${service.baseUrl}/v1/exams`,
          body: signedFor,
        }),
        'content-type': 'application/json',
      },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorResult).error.code).toBe('content_hash_mismatch');
  });

  it('an oversized body is 413 payload_too_large', async () => {
    const result = await call<ErrorResult>(service.baseUrl, 'POST', '/v1/client/launch', {
      rawBody: JSON.stringify({ launchCode: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON is 415', async () => {
    const response = await fetch(`${service.baseUrl}/v1/client/launch`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as ErrorResult).error.code).toBe('unsupported_media_type');
  });

  it('an unknown route is a JSON 404', async () => {
    const result = await call<ErrorResult>(service.baseUrl, 'GET', '/v1/nothing-here');
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('not_found');
  });

  it('a session with a photo that is not an image writes nothing', async () => {
    const exam = await createExam(service, account);
    const before = await countRows('sessions');
    const result = await call<ErrorResult>(service.baseUrl, 'POST', `/v1/exams/${exam.id}/sessions`, {
      key: account,
      body: { externalUserId: 'u', userName: 'U', facePhoto: Buffer.from('GIF89a not allowed').toString('base64') },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details?.[0]?.path).toBe('body/facePhoto');
    expect(await countRows('sessions')).toBe(before);
  });

  it('an incident batch with one invalid incident stores none of it', async () => {
    const candidate = await launchCandidate(service, { account });
    const before = await countRows('incidents');
    const result = await call<ErrorResult>(service.baseUrl, 'POST', '/v1/client/session/incidents', {
      key: candidate.sessionKey,
      body: { incidents: [clientIncident('FOCUS_LOST'), { ...clientIncident('FOCUS_LOST'), occurredAt: 'yesterday' }] },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details?.[0]?.path).toBe('body/incidents/1/occurredAt');
    expect(await countRows('incidents')).toBe(before);
  });

  it('a failing step inside a transaction rolls back what came before it', async () => {
    const candidate = await launchCandidate(service, { account });
    const before = await countRows('incidents');
    const failing = async () => {
      throw new Error('hook failed');
    };
    const unsubscribe = service.app.services.incidents.recorded.subscribe(failing);
    try {
      const result = await call(service.baseUrl, 'POST', '/v1/client/session/steps', {
        key: candidate.sessionKey,
        body: { flow: 'system', step: 'START', status: 'started' },
      });
      expect(result.status).toBe(500);
    } finally {
      unsubscribe();
    }
    // Neither the incident nor the move to "checks" survived.
    expect(await countRows('incidents')).toBe(before);
    expect((await service.app.repositories.sessions.findById(candidate.session.sessionId))?.state).toBe('joined');
  });
});
