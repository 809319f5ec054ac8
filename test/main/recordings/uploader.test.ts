import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingListSchema, type Recording } from '../../../shared/api/recordings';
import type { UploadProgress } from '../../../shared/ipc/contract';
import { examPolicySchema } from '../../../shared/policy';
import { createFileRecordingStorage } from '../../../server/recordings/file-recording-storage';
import type { RecordingsRuntime } from '../../../main/recordings/recordings-runtime';
import { KeyVault } from '../../../main/keyring/key-vault';
import type { UploadCredentials } from '../../../main/keyring/session-key';
import {
  captureLog,
  createTestPort,
  randomChunks,
  recordThroughPort,
  sha256Hex,
  startTestRuntime,
} from '../../support/recordings-client';
import { withFullDisk } from '../../support/recordings-full-disk';
import { createTestSafeStorage } from '../../support/recordings-safe-storage';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type LaunchedSession,
  type RunningRecordingsService,
} from '../../support/recordings-service';
import { signedFetch, type TestKey } from '../../support/recordings-signed-fetch';
import { TcpProxy } from '../../support/recordings-tcp-proxy';
import { waitFor, waitForValue } from '../../support/wait-for';

describe('uploader against the real service', () => {
  let dataDir: string;
  let storage: Awaited<ReturnType<typeof createFileRecordingStorage>> & { setFull(full: boolean): void };
  let service: RunningRecordingsService;
  let account: TestKey;
  let proxy: TcpProxy;
  let spoolDirectory: string;
  let session: LaunchedSession;
  let runtime: RecordingsRuntime | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-uploader-service-'));
    storage = withFullDisk(await createFileRecordingStorage({ directory: join(dataDir, 'recordings') }));
    service = await startRecordingsService({ dataDir, storage });
    account = await createTestAccount(service.app);
    proxy = await TcpProxy.start(service.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    spoolDirectory = await mkdtemp(join(tmpdir(), 'vigil-uploader-spool-'));
    session = await launchTestSession(service.baseUrl, account);
    proxy.onPatch = () => ({ kind: 'pass' });
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = null;
    await rm(spoolDirectory, { recursive: true, force: true });
  });

  const credentials = (serviceUrl = proxy.url): UploadCredentials => ({
    sessionId: session.sessionId,
    serviceUrl,
    keyId: String(session.key.keyId),
    secretKey: session.key.secretKey,
  });

  async function listing(): Promise<Recording[]> {
    const response = await signedFetch(service.baseUrl, account, 'GET', `/v1/sessions/${session.sessionId}/recordings`);
    return recordingListSchema.parse(await response.json()).recordings;
  }

  async function download(recordingId: string): Promise<Buffer> {
    const path = `/v1/sessions/${session.sessionId}/recordings/${recordingId}`;
    return Buffer.from(await (await signedFetch(service.baseUrl, account, 'GET', path)).arrayBuffer());
  }

  function progressReaching(bytes: number): Promise<UploadProgress> {
    return new Promise((resolve) => {
      const check = (progress: UploadProgress) => {
        if (progress.uploadedBytes < bytes) return;
        runtime!.uploader.off('progress', check);
        resolve(progress);
      };
      runtime!.uploader.on('progress', check);
      check(runtime!.uploader.progress());
    });
  }

  it('uploads while recording, and ends with the service holding exactly the recorded bytes', async () => {
    runtime = await startTestRuntime(spoolDirectory);
    const { port, events } = createTestPort(runtime, credentials());
    const chunks = randomChunks(8);
    const { recordingId } = await port.begin({ kind: 'camera', mimeType: 'video/webm' });
    for (const [sequence, data] of chunks.slice(0, 4).entries()) await port.chunk({ recordingId, sequence, data });

    const firstFour = Buffer.concat(chunks.slice(0, 4)).byteLength;
    await progressReaching(firstFour);
    const during = (await listing()).find((recording) => recording.id === recordingId);
    expect(during).toMatchObject({ complete: false, sizeBytes: firstFour });

    for (const [index, data] of chunks.slice(4).entries()) await port.chunk({ recordingId, sequence: index + 4, data });
    await port.end({ recordingId });
    await runtime.uploader.whenIdle();

    const recorded = Buffer.concat(chunks);
    const stored = await download(recordingId);
    expect(sha256Hex(stored)).toBe(sha256Hex(recorded));
    expect((await listing()).find((r) => r.id === recordingId)).toMatchObject({
      complete: true,
      sha256: sha256Hex(recorded),
    });
    expect(await readdir(join(spoolDirectory, 'recordings'))).toEqual([]);
    const progress = await port.progress();
    expect(progress).toMatchObject({
      done: true,
      totalBytes: recorded.byteLength,
      uploadedBytes: recorded.byteLength,
      secondsLeft: 0,
    });
    expect(events.some((event) => event.channel === 'upload:progress')).toBe(true);
    port.dispose();
  });

  it('resumes from the service offset after the connection is cut in the middle of PATCH bodies', async () => {
    runtime = await startTestRuntime(spoolDirectory);
    const { port } = createTestPort(runtime, credentials());
    const cuts: number[] = [];
    proxy.on('cut', (info) => cuts.push(info.forwarded));
    proxy.onPatch = (info) =>
      info.index % 3 === 0 ? { kind: 'cut', afterBytes: Math.floor(info.contentLength / 2) } : { kind: 'pass' };
    const chunks = randomChunks(6);
    const recordingId = await recordThroughPort(port, chunks);
    await runtime.uploader.whenIdle();
    proxy.removeAllListeners('cut');
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect(cuts.every((forwarded) => forwarded > 0)).toBe(true);
    expect(sha256Hex(await download(recordingId))).toBe(sha256Hex(Buffer.concat(chunks)));
    port.dispose();
  });

  it('sends a chunk again when the service refuses it for a checksum mismatch (460)', async () => {
    const log = captureLog();
    runtime = await startTestRuntime(spoolDirectory, log);
    const { port } = createTestPort(runtime, credentials());
    let corrupted = false;
    proxy.onPatch = (info) => {
      if (corrupted || info.contentLength === 0) return { kind: 'pass' };
      corrupted = true;
      return { kind: 'corrupt', atByte: 10 };
    };
    const chunks = randomChunks(3);
    const recordingId = await recordThroughPort(port, chunks);
    await runtime.uploader.whenIdle();
    expect(corrupted).toBe(true);
    expect(log.lines.some((line) => line.fields?.status === 460)).toBe(true);
    expect(sha256Hex(await download(recordingId))).toBe(sha256Hex(Buffer.concat(chunks)));
    port.dispose();
  });

  it('waits and retries while the service answers 507 (full disk), losing nothing', async () => {
    const log = captureLog();
    runtime = await startTestRuntime(spoolDirectory, log);
    const { port } = createTestPort(runtime, credentials(service.baseUrl));
    storage.setFull(true);
    const chunks = randomChunks(3);
    let recordingId: string;
    try {
      recordingId = await recordThroughPort(port, chunks);
      await waitFor(() => log.lines.some((line) => line.fields?.status === 507), {
        describe: 'an upload answered 507 in the log',
        timeoutMs: 15_000,
      });
      expect((await listing()).find((r) => r.id === recordingId)?.sizeBytes).toBe(0);
    } finally {
      storage.setFull(false);
    }
    await runtime.uploader.whenIdle();
    expect(sha256Hex(await download(recordingId))).toBe(sha256Hex(Buffer.concat(chunks)));
    port.dispose();
  });

  it('after a restart, uploads what the last run spooled without being asked', async () => {
    const offline = await startTestRuntime(spoolDirectory);
    // The service is unreachable during the whole first run (nothing listens on this port).
    const unreachable = await TcpProxy.start(1);
    const first = createTestPort(offline, credentials(unreachable.url));
    const chunks = randomChunks(4);
    const recordingId = await recordThroughPort(first.port, chunks);
    await waitForValue(
      () => first.port.progress(),
      (progress) => !progress.online,
      { describe: 'the uploader to notice the service is unreachable', timeoutMs: 15_000 },
    );
    first.port.dispose();
    await offline.close();
    await unreachable.close();
    expect((await listing()).find((r) => r.id === recordingId)).toBeUndefined();

    // The next run knows the session only from its vault, with the service now reachable through the proxy.
    await new KeyVault(join(spoolDirectory, 'sessions'), createTestSafeStorage(), 'linux').open(credentials());
    runtime = await startTestRuntime(spoolDirectory);
    await runtime.uploader.whenIdle();
    expect(sha256Hex(await download(recordingId))).toBe(sha256Hex(Buffer.concat(chunks)));
  });

  it('warns the candidate and the service once when the spool disk runs low', async () => {
    runtime = await startTestRuntime(spoolDirectory);
    let free = 10 * 1024 * 1024;
    let measurements = 0;
    const { port, events, incidents } = createTestPort(runtime, credentials(), {
      policy: examPolicySchema.parse({ minFreeDiskMb: 100 }),
      freeBytes: async () => {
        measurements += 1;
        return free;
      },
    });
    const recordingId = await recordThroughPort(port, randomChunks(1), 'screen', { end: false });
    await waitFor(() => incidents.length > 0, { describe: 'the DISK_SPACE_LOW warning', timeoutMs: 5_000 });
    // "Once": the watch measures the low disk three more times and stays quiet (counted, not slept on).
    const measuredAtWarning = measurements;
    await waitFor(() => measurements >= measuredAtWarning + 3, {
      describe: 'three more disk measurements after the warning',
      timeoutMs: 5_000,
    });
    expect(incidents).toEqual([
      { type: 'DISK_SPACE_LOW', details: { freeBytes: free, thresholdBytes: 100 * 1024 * 1024 } },
    ]);
    expect(events.filter((event) => event.channel === 'disk:low')).toHaveLength(1);
    free = 500 * 1024 * 1024;
    await port.end({ recordingId });
    port.dispose();
  });
});
