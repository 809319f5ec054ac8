/**
 * X-Vigil-Date stands in for Date (which a browser may not set), as x-ms-date does in Azure's
 * SharedKey: when sent it is the date signed and checked, Date is ignored. And the tus endpoint's
 * CORS lets a browser send every signing header and read every Vigil answer header.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLIENT_RECORDINGS_PATH } from '../../../shared/api/recordings';
import { errorBodySchema } from '../../../shared/api/errors';
import { RESPONSE_MAC_HEADER, responseMac } from '../../../shared/signing/response-mac';
import { SHARED_KEY_SCHEME, SHARED_KEY_V2_SCHEME, signRequestHeaders } from '../../../shared/signing/shared-key';
import { createAccount, launchCandidate, type LaunchedCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { tusMetadata } from '../../support/recordings-tus';

describeEachBackend('X-Vigil-Date and the tus CORS headers', (backend) => {
  let service: TestService;
  let account: TestKey;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend);
    account = await createAccount(service);
    candidate = await launchCandidate(service, { account });
  });
  afterAll(() => service?.close());

  /** fetch signed with the date in X-Vigil-Date (no Date header at all: fetch sends none), plus `extra`. */
  function signedWithVigilDate(
    key: TestKey,
    method: string,
    path: string,
    options: {
      body?: Uint8Array;
      headers?: Record<string, string>;
      now?: Date;
      scheme?: typeof SHARED_KEY_SCHEME;
    } = {},
  ) {
    const signed = signRequestHeaders({
      scheme: options.scheme ?? SHARED_KEY_V2_SCHEME,
      keyId: key.keyId,
      secretKey: key.secretKey,
      method,
      url: `${service.baseUrl}${path}`,
      body: options.body,
      dateHeader: 'x-vigil-date',
      ...(options.now ? { now: options.now } : {}),
    });
    expect(signed).not.toHaveProperty('date');
    return {
      signed,
      response: fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { ...signed, ...options.headers },
        ...(options.body ? { body: options.body } : {}),
      }),
    };
  }

  it('a request signed over X-Vigil-Date, with no Date header, is accepted', async () => {
    const response = await signedWithVigilDate(account, 'GET', '/v1/webhooks').response;
    expect(response.status).toBe(200);
    const body = new TextEncoder().encode(JSON.stringify({ title: 'Browser-made exam', durationMinutes: 30 }));
    const created = await signedWithVigilDate(account, 'POST', '/v1/exams', {
      body,
      headers: { 'content-type': 'application/json' },
    }).response;
    expect(created.status).toBe(201);
  });

  it('X-Vigil-Date wins over Date: a bogus Date beside it changes nothing, a skewed X-Vigil-Date is refused', async () => {
    const withBogusDate = await signedWithVigilDate(account, 'GET', '/v1/webhooks', {
      headers: { date: 'Mon, 01 Jan 2001 00:00:00 GMT' },
    }).response;
    expect(withBogusDate.status).toBe(200);

    const skewed = await signedWithVigilDate(account, 'GET', '/v1/webhooks', {
      now: new Date(Date.now() - 20 * 60 * 1000),
      headers: { date: new Date().toUTCString() },
    }).response;
    expect(skewed.status).toBe(403);
    const refusal = errorBodySchema.parse(await skewed.json());
    expect(refusal.error.code).toBe('clock_skew');
    expect(refusal.error.message).toMatch(/X-Vigil-Date/);
  });

  it('the date signed is the one checked: signed over Date, a different X-Vigil-Date added is a bad signature', async () => {
    const path = '/v1/webhooks';
    const signed = signRequestHeaders({
      scheme: SHARED_KEY_V2_SCHEME,
      keyId: account.keyId,
      secretKey: account.secretKey,
      method: 'GET',
      url: `${service.baseUrl}${path}`,
    });
    const response = await fetch(`${service.baseUrl}${path}`, {
      headers: { ...signed, 'x-vigil-date': new Date(Date.now() - 1000).toUTCString() },
    });
    expect(response.status).toBe(403);
    expect(errorBodySchema.parse(await response.json()).error.code).toBe('bad_signature');
  });

  it('StartExam’s SharedKey (V1) takes X-Vigil-Date too, where the account allows V1', async () => {
    const v1Account = await createAccount(service, undefined, { allowV1: true });
    const response = await signedWithVigilDate(v1Account, 'GET', '/v1/webhooks', { scheme: SHARED_KEY_SCHEME })
      .response;
    expect(response.status).toBe(200);
  });

  it('the answer to a session key is MACed over the X-Vigil-Date it signed', async () => {
    const { signed, response } = signedWithVigilDate(candidate.sessionKey, 'GET', '/v1/client/session');
    const answer = await response;
    expect(answer.status).toBe(200);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const expected = responseMac(
      candidate.sessionKey.secretKey,
      { method: 'GET', url: '/v1/client/session', date: signed['x-vigil-date']!, nonce: signed['x-vigil-nonce']! },
      200,
      bytes,
    );
    expect(answer.headers.get(RESPONSE_MAC_HEADER)).toBe(expected);
  });

  it('the tus preflight allows every signing header and a browser can upload with X-Vigil-Date', async () => {
    const recordingId = randomUUID();
    const uploadPath = `${CLIENT_RECORDINGS_PATH}/${recordingId}`;
    const preflight = await fetch(`${service.baseUrl}${uploadPath}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://lms.example.edu',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers':
          'authorization,content-type,tus-resumable,upload-offset,upload-checksum,x-vigil-date,x-vigil-content-sha256,x-vigil-nonce',
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    for (const name of ['authorization', 'content-type', 'tus-resumable', 'upload-offset', 'upload-checksum']) {
      expect(allowed).toContain(name);
    }
    for (const name of ['x-vigil-date', 'x-vigil-content-sha256', 'x-vigil-nonce']) expect(allowed).toContain(name);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(preflight.headers.get('access-control-allow-origin')).toBeTruthy();

    const created = await signedWithVigilDate(candidate.sessionKey, 'POST', CLIENT_RECORDINGS_PATH, {
      headers: {
        origin: 'https://lms.example.edu',
        'tus-resumable': '1.0.0',
        'upload-length': '1000',
        'upload-metadata': tusMetadata({
          recordingId,
          sessionId: candidate.session.sessionId,
          kind: 'camera',
          mimeType: 'video/webm',
        }),
      },
    }).response;
    expect(created.status).toBe(201);
    const exposedOnCreate = (created.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    expect(exposedOnCreate).toContain('location');

    const chunk = randomBytes(1000);
    const patched = await signedWithVigilDate(candidate.sessionKey, 'PATCH', uploadPath, {
      body: chunk,
      headers: {
        origin: 'https://lms.example.edu',
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
        'upload-checksum': `sha256 ${createHash('sha256').update(chunk).digest('base64')}`,
      },
    }).response;
    expect(patched.status).toBe(204);
    expect(patched.headers.get('access-control-allow-origin')).toBeTruthy();
    const exposed = (patched.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    for (const name of [
      'upload-offset',
      'location',
      'vigil-durable-offset',
      'vigil-recording-sha256',
      'x-vigil-response-mac',
      'www-authenticate',
    ]) {
      expect(exposed).toContain(name);
    }
    expect(patched.headers.get('vigil-recording-sha256')).toBe(createHash('sha256').update(chunk).digest('hex'));
  });

  it('a refused tus request still carries the CORS headers, so a browser can read why', async () => {
    const refused = await fetch(`${service.baseUrl}${CLIENT_RECORDINGS_PATH}/${randomUUID()}`, {
      method: 'HEAD',
      headers: { origin: 'https://lms.example.edu', 'tus-resumable': '1.0.0' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(refused.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('www-authenticate');
  });
});
