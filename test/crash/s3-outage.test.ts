/**
 * The S3 store stops answering in the middle of an upload (s3rver stopped, then started again on
 * the same port and data): the PATCHes that meet the outage fail with a retryable error, nothing the
 * service acknowledged is lost, and the client's retries end with a byte-identical recording.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DURABLE_OFFSET_HEADER, RECORDING_SHA256_HEADER } from '../../shared/api/recordings';
import { startCrashService, type CrashService } from '../support/crash-harness';
import { startS3Server, type RunningS3Server } from '../support/recordings-s3-server';
import { signedFetch } from '../support/recordings-signed-fetch';
import { createUpload, headUpload, patchUpload } from '../support/recordings-tus';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('an S3 outage during an upload', () => {
  let directory: string;
  let s3: RunningS3Server;
  let service: CrashService;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-s3-outage-'));
    s3 = await startS3Server(join(directory, 's3'));
    service = await startCrashService('sqlite', { ...s3.env, VIGIL_STORAGE_URL: s3.storageUrl('outage') });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await s3?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses PATCHes while S3 is away, keeps every acknowledged byte, and finishes byte-identical after', async () => {
    const key = service.session.key;
    const recordingId = randomUUID();
    const bytes = randomBytes(12 * 1024 * 1024);
    const created = await createUpload(service.url, key, {
      recordingId,
      sessionId: service.session.sessionId,
      kind: 'screen',
      mimeType: 'video/webm',
    });
    expect(created.status).toBe(201);

    const part = 2 * 1024 * 1024;
    let acknowledged = 0;
    let refusedDuringOutage = 0;
    let outage: Promise<void> | undefined;
    for (let round = 0; round < 200; round += 1) {
      const head = await headUpload(service.url, key, recordingId);
      if (head.status >= 500) {
        refusedDuringOutage += 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      expect(head.status).toBe(200);
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset, 'acknowledged bytes were lost').toBeGreaterThanOrEqual(acknowledged);
      if (offset === bytes.byteLength) break;
      if (!outage && offset >= 4 * 1024 * 1024) {
        // S3 goes away for two seconds, then comes back where it was.
        await s3.close();
        outage = new Promise((resolve) => setTimeout(resolve, 2_000)).then(async () => {
          s3 = await startS3Server(join(directory, 's3'), s3.port);
        });
      }
      const chunk = bytes.subarray(offset, offset + part);
      const last = offset + chunk.byteLength === bytes.byteLength;
      const response = await patchUpload(service.url, key, recordingId, offset, chunk, {
        ...(last && head.headers.get('upload-length') === null ? { uploadLength: bytes.byteLength } : {}),
      });
      if (response.status >= 500) {
        refusedDuringOutage += 1;
        const body = (await response.json()) as { error?: { code?: string; message?: string } };
        expect(body.error?.message, 'a refused PATCH says why').toBeTruthy();
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      expect([204, 409]).toContain(response.status);
      if (response.status === 204) {
        acknowledged = Math.max(acknowledged, Number(response.headers.get(DURABLE_OFFSET_HEADER)));
      }
    }
    await outage;
    expect(refusedDuringOutage).toBeGreaterThan(0);
    const final = await headUpload(service.url, key, recordingId);
    expect(final.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(bytes));
    const download = await signedFetch(
      service.url,
      service.account,
      'GET',
      `/v1/sessions/${service.session.sessionId}/recordings/${recordingId}`,
    );
    expect(sha256Hex(Buffer.from(await download.arrayBuffer()))).toBe(sha256Hex(bytes));
  }, 120_000);
});
