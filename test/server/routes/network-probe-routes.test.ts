/** POST /v1/client/network-probe: signed, counts what it was sent and keeps nothing; documented in OpenAPI. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { measureNetwork, UPLOAD_PROBE_BYTES } from '../../../main/system/network-probe';
import { NETWORK_PROBE_MAX_BYTES } from '../../../shared/api/client';
import { signRequestHeaders } from '../../../shared/signing/shared-key';
import { call, launchCandidate, type LaunchedCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const PATH = '/v1/client/network-probe';
type ErrorBody = { error: { code: string } };

describeEachBackend('network probe', (backend) => {
  let service: TestService;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend);
    candidate = await launchCandidate(service);
  });
  afterAll(() => service?.close());

  const probe = (bytes: Uint8Array, extra: { key?: LaunchedCandidate['sessionKey'] | undefined } = {}) =>
    call<{ receivedBytes: number } & ErrorBody>(service.baseUrl, 'POST', PATH, {
      ...('key' in extra ? (extra.key ? { key: extra.key } : {}) : { key: candidate.sessionKey }),
      rawBody: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });

  it('answers with the number of bytes it received', async () => {
    const body = randomBytes(512 * 1024);
    const answer = await probe(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ receivedBytes: body.byteLength });
    expect((await probe(new Uint8Array(0))).body).toEqual({ receivedBytes: 0 });
  });

  it('is signed like every client call, over the bytes themselves', async () => {
    expect((await probe(randomBytes(1024), { key: undefined })).status).toBe(401);
    // Signed for one body, sent with another of the same length: the headers hold, the bytes do not.
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      keyId: candidate.sessionKey.keyId,
      secretKey: candidate.sessionKey.secretKey,
      method: 'POST',
      url: `${service.baseUrl}${PATH}`,
      body: randomBytes(1024),
      now: service.app.clock(),
    });
    const tampered = await fetch(`${service.baseUrl}${PATH}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: randomBytes(1024),
    });
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as ErrorBody).error.code).toBe('content_hash_mismatch');
  });

  it('refuses more than its limit with 413', async () => {
    const answer = await probe(new Uint8Array(NETWORK_PROBE_MAX_BYTES + 1));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it('gives the desktop client an upload speed', async () => {
    const api = new ApiClient({
      serviceUrl: service.baseUrl,
      client: { version: 't', platform: 'linux', kind: 'desktop' },
    });
    api.setSessionKey({ keyId: candidate.sessionKey.keyId, secretKey: candidate.sessionKey.secretKey });
    const measured = await measureNetwork(api, { samples: 1 });
    expect(measured.online).toBe(true);
    expect(measured.uploadBytesPerSecond).toBeGreaterThan(0);
    expect(UPLOAD_PROBE_BYTES).toBeLessThanOrEqual(NETWORK_PROBE_MAX_BYTES);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths[PATH]?.post;
    expect(operation?.security).toEqual([{ SharedKey: [] }]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '413']));
    expect(document.paths['/v1/client/session/events']?.get?.security).toEqual([{ SharedKey: [] }]);
  });
});
