/**
 * Body caps: JSON at 1 MiB (the face routes at 8 MiB for their frames), tus PATCH at 16 MiB, incident
 * and step details at 4 KiB; each configurable, each refused with the error envelope. Before the fix
 * every JSON route took 8 MiB and details had no bound (a client could store megabytes per incident).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLIENT_RECORDINGS_PATH } from '../../../shared/api/recordings';
import { signRequestHeaders } from '../../../shared/signing/shared-key';
import { rawRequest } from '../../support/raw-http';
import { call, clientIncident, launchCandidate, type LaunchedCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('body caps', (backend) => {
  let service: TestService;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend);
    candidate = await launchCandidate(service);
  });
  afterAll(async () => {
    await service?.close();
  });

  const post = (path: string, body: unknown) =>
    call(service.baseUrl, 'POST', path, { key: candidate.sessionKey, now: service.app.clock(), body });

  it('a signed JSON body over 1 MiB is 413 with the envelope', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    const result = await post('/v1/client/session/incidents', {
      incidents: [clientIncident('FOCUS_LOST', { details: { padding } })],
    });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('the face routes take up to 8 MiB (their frames), so a 2 MiB body reaches validation', async () => {
    const result = await post('/v1/client/session/face-enroll', { snapshots: ['A'.repeat(2 * 1024 * 1024) + '!'] });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('incident details over 4 KiB are refused (400) and nothing is stored', async () => {
    const big = clientIncident('FOCUS_LOST', { details: { note: 'y'.repeat(4100) } });
    const refused = await post('/v1/client/session/incidents', { incidents: [big] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(JSON.stringify(refused.body)).toContain('4096 bytes');

    const listed = await call<{ incidents: { type: string }[] }>(
      service.baseUrl,
      'GET',
      `/v1/sessions/${candidate.session.sessionId}/incidents`,
      { key: candidate.account, now: service.app.clock() },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.incidents.some((incident) => incident.type === 'FOCUS_LOST')).toBe(false);

    const small = await post('/v1/client/session/incidents', {
      incidents: [clientIncident('FOCUS_LOST', { details: { note: 'y'.repeat(3000) } })],
    });
    expect(small.status).toBe(200);
  });

  it('step details over 4 KiB are refused too (they become incident details)', async () => {
    const result = await post('/v1/client/session/steps', {
      flow: 'system',
      step: 'MICROPHONE',
      status: 'passed',
      details: { note: 'z'.repeat(5000) },
    });
    expect(result.status).toBe(400);
  });
});

describeEachBackend('body caps are configurable', (backend) => {
  let service: TestService;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend, { maxJsonBytes: 64 * 1024, maxPatchBytes: 256 * 1024 });
    candidate = await launchCandidate(service);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('maxJsonBytes and maxPatchBytes move the caps', async () => {
    const json = await call(service.baseUrl, 'POST', '/v1/client/session/incidents', {
      key: candidate.sessionKey,
      now: service.app.clock(),
      body: { incidents: [clientIncident('FOCUS_LOST')], padding: 'p'.repeat(70 * 1024) },
    });
    expect(json.status).toBe(413);

    const path = `${CLIENT_RECORDINGS_PATH}/${randomUUID()}`;
    const body = new Uint8Array(300 * 1024);
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      keyId: candidate.sessionKey.keyId,
      secretKey: candidate.sessionKey.secretKey,
      method: 'PATCH',
      url: `${service.baseUrl}${path}`, // SharedKeyV2 signs the Host
      body,
      now: service.app.clock(),
    });
    const answer = await rawRequest(service.app, service.baseUrl, {
      method: 'PATCH',
      path,
      headers: {
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
        ...headers,
      },
      bodyBytes: body.byteLength,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
