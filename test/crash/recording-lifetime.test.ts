/**
 * A recording survives the service being SIGKILLed at any disk call of its lifetime: creation,
 * every PATCH, the deferred length, the hash and completion, and the seekable copy. One kill per
 * run, at call n (enumerated once with strace, sampled with a fixed seed when there are many), the
 * service restarted on the same data directory each time; then the client resumes as the desktop
 * client does, and the service must hold a byte-identical recording with no acknowledged byte lost.
 * On SQLite and PostgreSQL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DURABLE_OFFSET_HEADER,
  RECORDING_SHA256_HEADER,
  recordingListSchema,
  type Recording,
} from '../../shared/api/recordings';
import { startCrashService, type CrashService } from '../support/crash-harness';
import { hasStrace, killIndices } from '../support/fault-injection';
import { makeLiveWebm, missingFfmpeg } from '../support/recordings-media';
import { signedFetch } from '../support/recordings-signed-fetch';
import { createUpload, headUpload, patchUpload } from '../support/recordings-tus';
import { describeEachBackend } from '../support/service-harness';
import { skipWithout } from '../support/suite-requirement';

const KILL_BUDGET = Number(process.env.VIGIL_CRASH_BUDGET ?? 16);
const PARTS = 3;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the desktop client knows of one recording: all its bytes, and how far the service acknowledged them. */
interface ClientUpload {
  recordingId: string;
  bytes: Buffer;
  acknowledged: number;
}

const describeWithTools = skipWithout(
  'The fault-injection suite (recording lifetime)',
  hasStrace() ? missingFfmpeg() : 'strace is not installed (apt-get install strace)',
)
  ? describeSkipped
  : describeEachBackend;

function describeSkipped(title: string): void {
  describe.skip(`${title} (skipped: strace or ffmpeg is not installed)`, () => {
    it('needs strace and ffmpeg', () => undefined);
  });
}

describeWithTools('a recording survives a kill at any disk call', (backend) => {
  let service: CrashService;
  let media: Buffer;
  let mediaDir: string;

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'vigil-crash-media-'));
    makeLiveWebm(join(mediaDir, 'live.webm'), 3);
    media = await readFile(join(mediaDir, 'live.webm'));
    service = await startCrashService(backend);
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const key = () => service.session.key;

  /**
   * The client's side of an upload, resumable from anywhere: HEAD for the offset (never below what
   * was acknowledged), then PATCH the rest, declaring the length with the last part.
   */
  async function upload(state: ClientUpload): Promise<void> {
    let head = await headUpload(service.url, key(), state.recordingId);
    if (head.status === 404) {
      // Only a creation that was never acknowledged may be missing.
      expect(state.acknowledged, 'an acknowledged upload vanished').toBe(0);
      const metadata = {
        recordingId: state.recordingId,
        sessionId: service.session.sessionId,
        kind: 'camera',
        mimeType: 'video/webm',
      };
      const created = await createUpload(service.url, key(), metadata);
      expect([201, 409]).toContain(created.status);
      head = await headUpload(service.url, key(), state.recordingId);
    }
    expect(head.status, await head.clone().text()).toBe(200);
    let offset = Number(head.headers.get('upload-offset'));
    expect(offset, 'acknowledged bytes were lost').toBeGreaterThanOrEqual(state.acknowledged);
    let lengthDeclared = head.headers.get('upload-length') !== null;
    const partBytes = Math.ceil(state.bytes.byteLength / PARTS);
    while (offset < state.bytes.byteLength) {
      const part = state.bytes.subarray(offset, offset + partBytes);
      const last = offset + part.byteLength === state.bytes.byteLength;
      const response = await patchUpload(service.url, key(), state.recordingId, offset, part, {
        ...(last && !lengthDeclared ? { uploadLength: state.bytes.byteLength } : {}),
      });
      expect(response.status, await response.clone().text()).toBe(204);
      offset = Number(response.headers.get('upload-offset'));
      state.acknowledged = Math.max(state.acknowledged, Number(response.headers.get(DURABLE_OFFSET_HEADER)));
      if (last) lengthDeclared = true;
      if (offset === state.bytes.byteLength) {
        expect(response.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(state.bytes));
      }
    }
  }

  async function listed(recordingId: string): Promise<Recording | undefined> {
    const response = await signedFetch(
      service.url,
      service.account,
      'GET',
      `/v1/sessions/${service.session.sessionId}/recordings`,
    );
    expect(response.status).toBe(200);
    return recordingListSchema.parse(await response.json()).recordings.find((r) => r.id === recordingId);
  }

  /** The whole lifetime, from the client's first request to the seekable copy. */
  async function lifetime(state: ClientUpload, seekableWithinMs: number): Promise<void> {
    await upload(state);
    const deadline = Date.now() + seekableWithinMs;
    for (;;) {
      const recording = await listed(state.recordingId);
      if (recording?.seekable) return;
      if (Date.now() > deadline) throw new Error(`no seekable copy: ${JSON.stringify(recording)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function verifyWhole(state: ClientUpload): Promise<void> {
    const recording = await listed(state.recordingId);
    expect(recording).toMatchObject({
      complete: true,
      sizeBytes: state.bytes.byteLength,
      sha256: sha256Hex(state.bytes),
      seekable: true,
    });
    expect(recording!.durationMs).toBeGreaterThan(2500);
    const path = `/v1/sessions/${service.session.sessionId}/recordings/${state.recordingId}`;
    const original = await signedFetch(service.url, service.account, 'GET', path);
    expect(sha256Hex(Buffer.from(await original.arrayBuffer()))).toBe(sha256Hex(state.bytes));
    const seekable = await signedFetch(service.url, service.account, 'GET', `${path}?seekable=1`);
    expect(seekable.status).toBe(200);
  }

  const newUpload = (): ClientUpload => ({ recordingId: randomUUID(), bytes: media, acknowledged: 0 });

  it('ends byte-identical after a kill at each sampled disk call', async () => {
    const total = await service.countCalls(() => lifetime(newUpload(), 10_000));
    expect(total).toBeGreaterThan(10);
    const indices = killIndices(total, KILL_BUDGET);
    console.log(
      `[${backend}] recording lifetime: ${total} disk calls on the busiest thread; killing at ${indices.join(', ')}`,
    );
    let kills = 0;
    for (const index of indices) {
      const state = newUpload();
      const died = await service.runWithKillAt(index, () => lifetime(state, 10_000));
      if (died) kills += 1;
      // Resume as the client would (a second try is a no-op when nothing was cut short), then check.
      await lifetime(state, 10_000).catch((error: unknown) => {
        throw new Error(`after the kill at call ${index}: ${String(error)}`);
      });
      await verifyWhole(state);
    }
    // Most sampled indices fall inside the lifetime: the kill must really have happened.
    expect(kills).toBeGreaterThanOrEqual(Math.floor(indices.length / 2));
  }, 600_000);

  it('a full disk on the recording’s data file answers a clear retryable 507 and loses nothing', async () => {
    const state = newUpload();
    const dataFile = join(service.database.dataDir, 'recordings', 'uploads', state.recordingId);
    // The first write to the data file fails with ENOSPC (the creation only truncates it).
    let refused: Response | undefined;
    const failure = {
      index: 1,
      errno: 'ENOSPC',
      paths: [dataFile],
      syscalls: ['write', 'pwrite64', 'writev', 'pwritev'],
    };
    await service.runWithFailureAt(failure, async () => {
      const created = await createUpload(service.url, key(), {
        recordingId: state.recordingId,
        sessionId: service.session.sessionId,
        kind: 'camera',
        mimeType: 'video/webm',
      });
      expect(created.status).toBe(201);
      refused = await patchUpload(service.url, key(), state.recordingId, 0, state.bytes.subarray(0, 20_000));
    });
    expect(refused!.status).toBe(507);
    expect(await refused!.json()).toMatchObject({ error: { code: 'insufficient_storage' } });
    await lifetime(state, 10_000);
    await verifyWhole(state);
  }, 60_000);
});
