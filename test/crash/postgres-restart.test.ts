/**
 * PostgreSQL restarted under load (`pg_ctlcluster … restart`): the service stays up, requests that
 * meet the restart fail with a clear retryable error, and the client's retries leave every incident
 * stored exactly once and the recording byte-identical. Restarts the machine's PostgreSQL cluster,
 * so it runs only where it may: under CI, or with VIGIL_TEST_RESTART_POSTGRES=1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_SHA256_HEADER } from '../../shared/api/recordings';
import type { Incident } from '../../shared/api/sessions';
import { startCrashService, type CrashService } from '../support/crash-harness';
import { signedFetch, signedJson } from '../support/recordings-signed-fetch';
import { createUpload, headUpload, patchUpload } from '../support/recordings-tus';
import { postgresUrl } from '../support/service-harness';

const allowed = process.env.CI === 'true' || process.env.VIGIL_TEST_RESTART_POSTGRES === '1';
const hasCluster = spawnSync('pg_lsclusters', ['-h'], { stdio: 'ignore' }).status === 0;
if (process.env.CI === 'true' && (!postgresUrl || !hasCluster)) {
  throw new Error('The PostgreSQL restart test needs TEST_DATABASE_URL and a Debian cluster (.ci/run sets both up)');
}

function restartPostgres(): void {
  const version = readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)!;
  execFileSync('pg_ctlcluster', [version, 'main', 'restart'], { stdio: 'pipe', timeout: 60_000 });
}

/** Retries what a desktop client retries: network errors and 5xx, with a short backoff, for a bounded time. */
async function withRetries(what: string, attempt: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 60_000;
  let last = '';
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 2_000)) {
    try {
      const response = await attempt();
      if (response.status < 500) return response;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`${what} never succeeded: ${last}`);
}

(allowed && postgresUrl && hasCluster ? describe : describe.skip)('PostgreSQL restarted under load', () => {
  let service: CrashService;

  beforeAll(async () => {
    service = await startCrashService('postgres');
  }, 60_000);
  afterAll(() => service?.close());

  it('incident batches sent across a restart are stored once each, and the service stays up', async () => {
    const batches = Array.from({ length: 12 }, (_, batch) =>
      Array.from({ length: 10 }, (_, index) => ({
        clientId: randomUUID(),
        type: 'FOCUS_LOST',
        occurredAt: new Date().toISOString(),
        details: { batch, index, run: 'pg-restart' },
      })),
    );
    const send = (incidents: (typeof batches)[number]) =>
      withRetries('an incident batch', () =>
        signedFetch(service.url, service.session.key, 'POST', '/v1/client/session/incidents', {
          body: JSON.stringify({ incidents }),
          headers: { 'content-type': 'application/json' },
        }),
      );
    const sending = (async () => {
      for (const batch of batches) {
        expect((await send(batch)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 400));
    restartPostgres();
    await sending;

    const stored = (
      await signedJson<{ incidents: Incident[] }>(
        service.url,
        service.account,
        'GET',
        `/v1/sessions/${service.session.sessionId}/incidents`,
      )
    ).incidents.filter((incident) => incident.details.run === 'pg-restart');
    expect(stored).toHaveLength(batches.flat().length);
    expect(
      new Set(stored.map((incident) => `${String(incident.details.batch)}:${String(incident.details.index)}`)).size,
    ).toBe(batches.flat().length);
  }, 120_000);

  it('an upload whose PATCHes meet a restart ends byte-identical', async () => {
    const recordingId = randomUUID();
    const bytes = randomBytes(3 * 1024 * 1024);
    const key = service.session.key;
    const created = await withRetries('the creation', () =>
      createUpload(service.url, key, {
        recordingId,
        sessionId: service.session.sessionId,
        kind: 'screen',
        mimeType: 'video/webm',
      }),
    );
    expect(created.status).toBe(201);
    const part = 256 * 1024;
    let restarted = false;
    let offset = 0;
    while (offset < bytes.byteLength) {
      if (!restarted && offset >= bytes.byteLength / 3) {
        restarted = true;
        restartPostgres();
      }
      const head = await withRetries('HEAD', () => headUpload(service.url, key, recordingId));
      offset = Number(head.headers.get('upload-offset'));
      if (offset >= bytes.byteLength) break;
      const chunk = bytes.subarray(offset, offset + part);
      const last = offset + chunk.byteLength === bytes.byteLength;
      const declare = last && head.headers.get('upload-length') === null;
      const patched = await withRetries('PATCH', async () => {
        const response = await patchUpload(service.url, key, recordingId, offset, chunk, {
          ...(declare ? { uploadLength: bytes.byteLength } : {}),
        });
        // A PATCH that was written but whose answer was lost meets 409 on the retry: HEAD decides.
        return response.status === 409 ? new Response(null, { status: 204 }) : response;
      });
      expect(patched.status).toBe(204);
    }
    const final = await withRetries('the final HEAD', () => headUpload(service.url, key, recordingId));
    expect(final.headers.get(RECORDING_SHA256_HEADER)).toBe(createHash('sha256').update(bytes).digest('hex'));
  }, 120_000);
});
