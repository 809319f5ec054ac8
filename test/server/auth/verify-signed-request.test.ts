/**
 * Signing as the client module does it (shared/signing) against verification in server/auth,
 * through the real key store: random methods, paths, bodies and dates verify, and changing any
 * signed part makes verification fail.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SHA256_HEADER,
  NONCE_HEADER,
  formatAuthorization,
  parseAuthorization,
  sha256Hex,
  signRequestHeaders,
  type SigningScheme,
} from '../../../shared/signing/shared-key';
import type { SignedRequest, VerifyResult } from '../../../server/auth/verify-signed-request';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/);
const pathArbitrary = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{0,6}$/)))
  .map(([segments, query]) => `/${segments.join('/')}${query ? `?${query}` : ''}`);
const requestArbitrary = fc.record({
  method: fc.constantFrom(...METHODS),
  path: pathArbitrary,
  body: fc.uint8Array({ maxLength: 2048 }),
  // Anywhere inside the 15-minute window (with a margin for the test's own run time).
  skewMs: fc.integer({ min: -14 * 60_000, max: 14 * 60_000 }),
});

type Mutation = 'method' | 'path' | 'query' | 'host' | 'date' | 'length' | 'body' | 'nonce' | 'signature' | 'key';

const HOST = 'exams.example.org:8443';

function buildRequest(
  scheme: SigningScheme,
  key: TestKey,
  input: { method: string; path: string; body: Uint8Array; skewMs: number },
  now: Date,
): SignedRequest {
  const headers = signRequestHeaders({
    scheme,
    keyId: key.keyId,
    secretKey: key.secretKey,
    method: input.method,
    url: input.path,
    host: HOST,
    body: input.body,
    now: new Date(now.getTime() + input.skewMs),
  });
  return { method: input.method, url: input.path, headers: { ...headers, host: HOST }, body: input.body };
}

function mutate(request: SignedRequest, mutation: Mutation, otherKeyId: string): SignedRequest {
  const headers = { ...request.headers } as Record<string, string>;
  switch (mutation) {
    case 'method':
      return { ...request, method: request.method === 'POST' ? 'PUT' : 'POST' };
    case 'path':
      return { ...request, url: request.url.replace(/^\/[^/?]*/, (first) => `${first}x`) };
    case 'query':
      return { ...request, url: `${request.url}${request.url.includes('?') ? '&' : '?'}extra=1` };
    case 'host':
      headers.host = 'exams.example.org:9443';
      return { ...request, headers };
    case 'date':
      headers.date = new Date(Date.parse(headers.date!) + 1000).toUTCString();
      return { ...request, headers };
    case 'length':
      return { ...request, body: new Uint8Array([...request.body, 0x20]) };
    case 'body': {
      // Other bytes with a matching X-Vigil-Content-SHA256: only the signature over that hash can catch it.
      const body = request.body.byteLength > 0 ? Uint8Array.from(request.body) : new Uint8Array([1]);
      body[0] = (body[0]! + 1) % 256;
      headers[CONTENT_SHA256_HEADER] = sha256Hex(body);
      return { ...request, body, headers };
    }
    case 'nonce':
      headers[NONCE_HEADER] = `${headers[NONCE_HEADER]!.slice(1)}A`;
      return { ...request, headers };
    case 'signature': {
      const parsed = parseAuthorization(headers.authorization!)!;
      const flipped = Buffer.from(parsed.signature, 'base64');
      flipped[0] = flipped[0]! ^ 0x01;
      headers.authorization = formatAuthorization(parsed.scheme, parsed.keyId, flipped.toString('base64'));
      return { ...request, headers };
    }
    case 'key': {
      const parsed = parseAuthorization(headers.authorization!)!;
      headers.authorization = formatAuthorization(parsed.scheme, otherKeyId, parsed.signature);
      return { ...request, headers };
    }
  }
}

describeEachBackend('SharedKey and SharedKeyV2 verification', (backend) => {
  let service: TestService;
  let account: TestKey;
  let otherAccount: TestKey;
  let sessionKey: TestKey;
  const verify = (request: SignedRequest): Promise<VerifyResult> => service.app.verifySignedRequest(request);

  beforeAll(async () => {
    service = await startTestService(backend);
    // StartExam's V1 is signed here too, which an account takes only when allowed.
    account = await createAccount(service, undefined, { allowV1: true });
    otherAccount = await createAccount(service);
    sessionKey = (await launchCandidate(service)).sessionKey;
  });
  afterAll(() => service?.close());

  for (const scheme of ['SharedKey', 'SharedKeyV2'] as const) {
    it(`${scheme}: any request signed by shared/signing verifies (a repeated V1 signature once)`, async () => {
      const accepted = new Set<string>();
      await fc.assert(
        fc.asyncProperty(requestArbitrary, async (input) => {
          const request = buildRequest(scheme, account, input, service.app.clock());
          const result = await verify(request);
          // fast-check repeats small inputs; an identical V1 request within one Date second is a replay.
          const signature = String(request.headers.authorization);
          if (accepted.has(signature)) expect(result).toMatchObject({ ok: false, code: 'replayed' });
          else expect(result).toMatchObject({ ok: true, scheme, principal: { kind: 'account' } });
          accepted.add(signature);
        }),
        { numRuns: 60 },
      );
    });

    const mutations: Mutation[] =
      scheme === 'SharedKey'
        ? ['method', 'path', 'date', 'length', 'signature', 'key']
        : ['method', 'path', 'query', 'host', 'date', 'length', 'body', 'nonce', 'signature', 'key'];
    it(`${scheme}: changing any signed part fails (${mutations.join(', ')})`, async () => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary, fc.constantFrom(...mutations), async (input, mutation) => {
          const request = buildRequest(scheme, account, input, service.app.clock());
          const result = await verify(mutate(request, mutation, String(otherAccount.keyId)));
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.statusCode).toBe(403);
            expect(result.message).not.toContain(parseAuthorization(String(request.headers.authorization))!.signature);
          }
        }),
        { numRuns: 120 },
      );
    });
  }

  it('SharedKey ignores the body bytes (StartExam signs only their length); V2 checks them', async () => {
    const now = service.app.clock();
    for (const scheme of ['SharedKey', 'SharedKeyV2'] as const) {
      const request = buildRequest(
        scheme,
        account,
        { method: 'POST', path: '/v1/exams', body: new Uint8Array([1, 2, 3]), skewMs: 0 },
        now,
      );
      const swapped = { ...request, body: new Uint8Array([9, 9, 9]) };
      const result = await verify(swapped);
      if (scheme === 'SharedKey') expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, code: 'content_hash_mismatch' });
    }
  });

  it('says which check failed', async () => {
    const now = service.app.clock();
    const base = buildRequest(
      'SharedKeyV2',
      account,
      { method: 'GET', path: '/v1/exams/x', body: new Uint8Array(), skewMs: 0 },
      now,
    );
    const headers = base.headers as Record<string, string>;
    const without = (name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

    expect(await verify({ ...base, headers: without('authorization') })).toMatchObject({
      statusCode: 401,
      code: 'unauthorized',
    });
    expect(await verify({ ...base, headers: { ...headers, authorization: 'Bearer abc' } })).toMatchObject({
      statusCode: 400,
      code: 'malformed_authorization',
    });
    expect(await verify({ ...base, headers: without('date') })).toMatchObject({
      statusCode: 400,
      code: 'missing_date',
    });
    expect(await verify({ ...base, headers: without(NONCE_HEADER) })).toMatchObject({
      statusCode: 400,
      code: 'malformed_authorization',
    });
    expect(await verify({ ...base, headers: { ...headers, [CONTENT_SHA256_HEADER]: 'zz' } })).toMatchObject({
      statusCode: 400,
      code: 'malformed_authorization',
    });
    // One request, one spelling: an upper-case hash is not a second accepted form.
    expect(
      await verify({
        ...base,
        headers: { ...headers, [CONTENT_SHA256_HEADER]: headers[CONTENT_SHA256_HEADER]!.toUpperCase() },
      }),
    ).toMatchObject({ statusCode: 400, code: 'malformed_authorization' });
    // V2 signs the Host, so a request without one cannot be checked.
    expect(await verify({ ...base, headers: without('host') })).toMatchObject({
      statusCode: 400,
      code: 'malformed_authorization',
    });
    expect(await verify({ ...base, url: '/v1/exams/x?a=%zz' })).toMatchObject({ statusCode: 400, code: 'bad_request' });
    const late = buildRequest(
      'SharedKeyV2',
      account,
      { method: 'GET', path: '/v1/exams/x', body: new Uint8Array(), skewMs: 16 * 60_000 },
      now,
    );
    expect(await verify(late)).toMatchObject({ statusCode: 403, code: 'clock_skew' });
    const unknown = buildRequest(
      'SharedKeyV2',
      { keyId: 999_999, secretKey: account.secretKey },
      { method: 'GET', path: '/v1/x', body: new Uint8Array(), skewMs: 0 },
      now,
    );
    expect(await verify(unknown)).toMatchObject({ statusCode: 403, code: 'unknown_key' });

    expect(await verify(base)).toMatchObject({ ok: true });
    expect(await verify(base)).toMatchObject({ statusCode: 403, code: 'nonce_reused' });
  });

  it('a session key only signs with SharedKeyV2 and names its session', async () => {
    const now = service.app.clock();
    const input = { method: 'GET', path: '/v1/client/session', body: new Uint8Array(), skewMs: 0 };
    expect(await verify(buildRequest('SharedKey', sessionKey, input, now))).toMatchObject({
      statusCode: 403,
      code: 'signature_version_required',
    });
    expect(await verify(buildRequest('SharedKeyV2', sessionKey, input, now))).toMatchObject({
      ok: true,
      principal: { kind: 'session', keyId: sessionKey.keyId },
    });
  });
});

describe('verifySignedRequest is framework-free', () => {
  it('takes plain method, url, headers and bytes', async () => {
    const { verifySignedRequest } = await import('../../../server/auth/verify-signed-request');
    const result = await verifySignedRequest(
      { method: 'GET', url: '/v1/anything', headers: {}, body: new Uint8Array() },
      {
        keys: { resolve: async () => undefined },
        nonces: { remember: async () => true },
        now: () => new Date(),
      },
    );
    expect(result).toEqual({
      ok: false,
      statusCode: 401,
      code: 'unauthorized',
      message: expect.stringContaining('Authorization header missing'),
    });
  });
});
