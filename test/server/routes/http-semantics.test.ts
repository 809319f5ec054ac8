/**
 * Fastify's own refusals answer in the documented error envelope with a stable code and never echo
 * the path: an over-long path parameter (414), an unknown route (404), a method the path does not
 * support (405 with Allow), a body too large (413), the wrong media type (415), malformed JSON (400).
 * Every 401 names the scheme to authenticate with (WWW-Authenticate: SharedKeyV2).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_CODES, errorBodySchema } from '../../../shared/api/errors';
import { call, createAccount, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('HTTP semantics of every refusal', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { maxJsonBytes: 4096 });
    account = await createAccount(service);
  });
  afterAll(() => service?.close());

  /** The body is the envelope, its code is one shared/api/errors.ts lists, and it does not echo `echo`. */
  function expectEnvelope(body: unknown, code: string, echo?: string) {
    const parsed = errorBodySchema.parse(body);
    expect(ERROR_CODES).toContain(parsed.error.code);
    expect(parsed.error.code).toBe(code);
    if (echo) expect(JSON.stringify(body)).not.toContain(echo);
    return parsed;
  }

  it('a path parameter over the router limit is 414 uri_too_long in the envelope, before authentication', async () => {
    const id = `x${'a'.repeat(150)}marker`;
    const result = await call(service.baseUrl, 'GET', `/v1/exams/${id}`);
    expect(result.status).toBe(414);
    expect(result.headers.get('content-type')).toMatch(/application\/json/);
    expectEnvelope(result.body, 'uri_too_long', 'marker');
  });

  it('an undecodable URL is 400 bad_request in the envelope', async () => {
    const result = await call(service.baseUrl, 'GET', '/v1/exams/%E0%A4%Amarker');
    expect(result.status).toBe(400);
    expectEnvelope(result.body, 'bad_request', 'marker');
  });

  it('an unknown route is 404 not_found without the path in the answer', async () => {
    const result = await call(service.baseUrl, 'GET', '/v1/no-such-thing-marker');
    expect(result.status).toBe(404);
    expectEnvelope(result.body, 'not_found', 'no-such-thing-marker');
  });

  it('a method a known path does not support is 405 method_not_allowed with Allow', async () => {
    const exams = await call(service.baseUrl, 'DELETE', '/v1/exams/some-exam-marker');
    expect(exams.status).toBe(405);
    expect(exams.headers.get('allow')).toBe('GET, HEAD');
    expectEnvelope(exams.body, 'method_not_allowed', 'some-exam-marker');

    const webhooks = await call(service.baseUrl, 'POST', '/v1/webhooks');
    expect(webhooks.status).toBe(405);
    expect(webhooks.headers.get('allow')).toBe('GET, HEAD, PUT');

    const collection = await call(service.baseUrl, 'GET', '/v1/exams');
    expect(collection.status).toBe(405);
    expect(collection.headers.get('allow')).toBe('POST');
  });

  it('a body over the limit is 413, the wrong media type 415, malformed JSON 400, each in the envelope', async () => {
    const big = await call(service.baseUrl, 'POST', '/v1/exams', {
      key: account,
      body: { title: 'x'.repeat(8192) },
    });
    expect(big.status).toBe(413);
    expectEnvelope(big.body, 'payload_too_large');

    const text = await call(service.baseUrl, 'POST', '/v1/exams', {
      key: account,
      rawBody: 'title=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expectEnvelope(text.body, 'unsupported_media_type');

    const malformed = await call(service.baseUrl, 'POST', '/v1/exams', { key: account, rawBody: '{"title": ' });
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed.body, 'invalid_json');
  });

  it('every 401 carries WWW-Authenticate: SharedKeyV2', async () => {
    for (const [method, path] of [
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/exams'],
      ['GET', '/v1/client/session'],
      ['HEAD', '/v1/client/recordings/some-recording'],
    ] as const) {
      const result = await call(service.baseUrl, method, path);
      expect(result.status, `${method} ${path}`).toBe(401);
      expect(result.headers.get('www-authenticate'), `${method} ${path}`).toBe('SharedKeyV2');
    }
  });

  it('answers other than 401 do not carry WWW-Authenticate', async () => {
    const result = await call(service.baseUrl, 'GET', '/healthz');
    expect(result.status).toBe(200);
    expect(result.headers.get('www-authenticate')).toBeNull();
  });
});
