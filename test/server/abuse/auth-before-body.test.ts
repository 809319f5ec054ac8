/**
 * Authentication before the body: an anonymous or wrongly signed upload is refused from its headers,
 * over a real socket, before the service reads what it was promised (and the connection is closed, so
 * Node does not drain it either). Before the fix the tus endpoint read up to 64 MiB, then judged it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_RECORDINGS_PATH } from '../../../shared/api/recordings';
import { signRequestHeaders } from '../../../shared/signing/shared-key';
import { rawRequest } from '../../support/raw-http';
import { launchCandidate, type LaunchedCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const MB = 1_000_000;
const tusPatch = { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };

describeEachBackend('authentication before the body is read', (backend) => {
  let service: TestService;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend);
    candidate = await launchCandidate(service);
  });
  afterAll(async () => {
    await service?.close();
  });

  const patchPath = () => `${CLIENT_RECORDINGS_PATH}/${randomUUID()}`;

  function signedHeaders(method: string, path: string, body: Uint8Array, secretKey: string) {
    return signRequestHeaders({
      scheme: 'SharedKeyV2',
      keyId: candidate.sessionKey.keyId,
      secretKey,
      method,
      url: `${service.baseUrl}${path}`, // SharedKeyV2 signs the Host
      body,
      now: service.app.clock(),
    });
  }

  it('an anonymous 60 MB tus PATCH is answered 401 before its body is sent, and the service reads only the head', async () => {
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'PATCH',
      path: patchPath(),
      headers: tusPatch,
      bodyBytes: 60 * MB,
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(answer.answeredBeforeBody).toBe(true);
    expect(answer.headers.connection).toBe('close');
    expect(answer.serviceBytesRead).toBeLessThan(64 * 1024);
  });

  it('a wrongly signed 10 MB tus PATCH (under the cap) is answered 403 from its headers alone', async () => {
    const path = patchPath();
    const body = new Uint8Array(10 * MB);
    const headers = signedHeaders('PATCH', path, body, 'not-the-session-secret');
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'PATCH',
      path,
      headers: { ...tusPatch, ...headers },
      bodyBytes: body.byteLength,
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'bad_signature' } });
    expect(answer.answeredBeforeBody).toBe(true);
    expect(answer.serviceBytesRead).toBeLessThan(64 * 1024);
  });

  it('a correctly signed header with a body longer than it signed is refused before the body', async () => {
    const path = patchPath();
    const headers = signedHeaders('PATCH', path, new Uint8Array(1_000), candidate.sessionKey.secretKey);
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'PATCH',
      path,
      headers: { ...tusPatch, ...headers },
      bodyBytes: 10 * MB,
    });
    expect(answer.status).toBe(403);
    expect(answer.answeredBeforeBody).toBe(true);
  });

  it('a signed 60 MB PATCH from the session is over the 16 MiB cap: 413 with the envelope, before the body', async () => {
    const path = patchPath();
    const body = new Uint8Array(60 * MB);
    const headers = signedHeaders('PATCH', path, body, candidate.sessionKey.secretKey);
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'PATCH',
      path,
      headers: { ...tusPatch, ...headers },
      bodyBytes: body.byteLength,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(answer.answeredBeforeBody).toBe(true);
    expect(answer.serviceBytesRead).toBeLessThan(64 * 1024);
  });

  it('an anonymous JSON call to an institution route is refused before its body', async () => {
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'POST',
      path: '/v1/exams',
      headers: { 'content-type': 'application/json' },
      bodyBytes: 900_000,
    });
    expect(answer.status).toBe(401);
    expect(answer.answeredBeforeBody).toBe(true);
  });

  describe('the session key on an institution route', () => {
    it('is refused (403) before the body', async () => {
      const path = '/v1/exams';
      const body = new TextEncoder().encode(JSON.stringify({ title: 'x', durationMinutes: 5, policy: {} }));
      const headers = signedHeaders('POST', path, body, candidate.sessionKey.secretKey);
      const answer = await rawRequest(service.app, service.baseUrl, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        bodyBytes: body.byteLength,
      });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'forbidden' } });
      expect(answer.answeredBeforeBody).toBe(true);
    });
  });
});
