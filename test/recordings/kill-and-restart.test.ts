/**
 * Recordings that are never lost, with real processes: the uploader SIGKILLed in the middle of a
 * PATCH, the service SIGKILLed in the middle of a PATCH, and the connection cut mid-body by a TCP
 * proxy. Each time the service ends up holding a file whose SHA-256 is that of everything recorded.
 * Once against the local file store and once against S3 (s3rver on loopback).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/logger';
import { KeyVault } from '../../main/keyring/key-vault';
import type { UploadCredentials } from '../../main/keyring/session-key';
import { Spool } from '../../main/recordings/spool';
import { resumePendingUploads } from '../../main/recordings/recordings-runtime';
import { randomChunks, sha256Hex } from '../support/recordings-client';
import { spawnTsx, type ChildHandle } from '../support/recordings-processes';
import { startS3Server, type RunningS3Server } from '../support/recordings-s3-server';
import { createTestSafeStorage } from '../support/recordings-safe-storage';
import { launchTestSession, type LaunchedSession } from '../support/recordings-service';
import { signedFetch, type TestKey } from '../support/recordings-signed-fetch';
import { TcpProxy } from '../support/recordings-tcp-proxy';

const SERVICE_CHILD = 'test/support/recordings-service-child.ts';
const UPLOADER_CHILD = 'test/support/recordings-uploader-child.ts';
const CHUNK_BYTES = 600_000;
const CHUNKS = 20;
const MAX_PATCH_BYTES = 1024 * 1024;

describe.each(['file', 's3'] as const)('recordings survive kills and cuts (%s store)', (store) => {
  let root: string;
  let s3: RunningS3Server | null = null;
  let service: ChildHandle;
  let serviceEnv: Record<string, string>;
  let serviceUrl: string;
  let proxy: TcpProxy;
  let account: TestKey;

  async function startService(setup: boolean): Promise<Record<string, unknown>> {
    service = spawnTsx(SERVICE_CHILD, { ...serviceEnv, VIGIL_TEST_SETUP: setup ? '1' : '0' });
    const listening = await service.waitFor((message) => message.type === 'listening');
    serviceUrl = `http://127.0.0.1:${String(listening.port)}`;
    return listening;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `vigil-kill-${store}-`));
    serviceEnv = { VIGIL_DATA_DIR: join(root, 'service') };
    if (store === 's3') {
      s3 = await startS3Server(join(root, 's3'));
      serviceEnv = { ...serviceEnv, ...s3.env, VIGIL_STORAGE_URL: s3.storageUrl('exams/recordings') };
    }
    const listening = await startService(true);
    account = listening.account as TestKey;
    proxy = await TcpProxy.start(Number(listening.port));
  }, 60_000);

  afterAll(async () => {
    await service?.kill();
    await proxy?.close();
    await s3?.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A fresh session, launched on the running service (the account key creates it). */
  async function newSession(): Promise<LaunchedSession> {
    return launchTestSession(serviceUrl, account);
  }

  function credentialsFor(session: LaunchedSession): UploadCredentials {
    return {
      sessionId: session.sessionId,
      serviceUrl: proxy.url,
      keyId: String(session.key.keyId),
      secretKey: session.key.secretKey,
    };
  }

  /** What the recorder does: every chunk spooled and journaled (the upload comes later). */
  async function spoolRecording(spoolDirectory: string, session: LaunchedSession, chunks: Uint8Array[]) {
    const vault = new KeyVault(join(spoolDirectory, 'sessions'), createTestSafeStorage(), 'linux');
    await vault.open(credentialsFor(session));
    const { spool } = await Spool.open({ directory: spoolDirectory, vault, segmentBytes: 2 * 1024 * 1024 });
    const { recordingId } = await spool.begin({ sessionId: session.sessionId, kind: 'camera', mimeType: 'video/webm' });
    for (const [sequence, chunk] of chunks.entries()) await spool.append(recordingId, sequence, chunk);
    await spool.end(recordingId);
    await spool.close();
    return recordingId;
  }

  async function stored(session: LaunchedSession, recordingId: string): Promise<Buffer> {
    const response = await signedFetch(
      serviceUrl,
      account,
      'GET',
      `/v1/sessions/${session.sessionId}/recordings/${recordingId}`,
    );
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  function stallPatch(index: number): Promise<{ forwarded: number }> {
    proxy.onPatch = (info) =>
      info.index === index ? { kind: 'stall', afterBytes: Math.floor(info.contentLength / 2) } : { kind: 'pass' };
    return new Promise((resolve) => proxy.once('stalled', resolve));
  }

  function resetProxy(): { patchBytesBefore: number } {
    proxy.onPatch = () => ({ kind: 'pass' });
    proxy.patchCount = 0;
    return { patchBytesBefore: proxy.patchBodyBytes };
  }

  it('the uploader SIGKILLed in the middle of a PATCH and started again', async () => {
    const { patchBytesBefore } = resetProxy();
    const session = await newSession();
    const spoolDirectory = join(root, 'spool-uploader-killed');
    const chunks = randomChunks(CHUNKS, CHUNK_BYTES);
    const recordingId = await spoolRecording(spoolDirectory, session, chunks);

    const stalled = stallPatch(9);
    const env = { VIGIL_SPOOL_DIR: spoolDirectory, VIGIL_MAX_PATCH_BYTES: String(MAX_PATCH_BYTES) };
    const first = spawnTsx(UPLOADER_CHILD, env);
    const { forwarded } = await stalled;
    await first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(first.messages.some((message) => message.type === 'idle')).toBe(false);
    proxy.onPatch = () => ({ kind: 'pass' });
    proxy.dropAll();

    const second = spawnTsx(UPLOADER_CHILD, env);
    await second.waitFor((message) => message.type === 'idle');
    expect((await second.exited).code).toBe(0);

    const recorded = Buffer.concat(chunks);
    expect(sha256Hex(await stored(session, recordingId))).toBe(sha256Hex(recorded));
    expect(await readdir(join(spoolDirectory, 'recordings'))).toEqual([]);
    expect(second.messages.filter((message) => message.type === 'log' && message.level !== 'info')).toEqual([]);
    const resent = proxy.patchBodyBytes - patchBytesBefore - recorded.byteLength;
    expect(resent).toBe(forwarded);
    expect(resent).toBeLessThanOrEqual(MAX_PATCH_BYTES);
  }, 120_000);

  it('the service SIGKILLed in the middle of a PATCH and restarted', async () => {
    const { patchBytesBefore } = resetProxy();
    const session = await newSession();
    const spoolDirectory = join(root, 'spool-service-killed');
    const chunks = randomChunks(CHUNKS, CHUNK_BYTES);
    const recordingId = await spoolRecording(spoolDirectory, session, chunks);

    const stalled = stallPatch(12);
    const runtime = await resumePendingUploads({
      spoolDirectory,
      safeStorage: createTestSafeStorage(),
      platform: 'linux',
      log: silentLogger,
      maxPatchBytes: MAX_PATCH_BYTES,
      backoff: { baseMs: 50, maxMs: 500 },
    });
    try {
      await stalled;
      await service.kill('SIGKILL');
      proxy.onPatch = () => ({ kind: 'pass' });
      proxy.dropAll();
      const listening = await startService(false);
      proxy.setTarget(Number(listening.port));
      await runtime.uploader.whenIdle();
    } finally {
      await runtime.close();
    }
    const recorded = Buffer.concat(chunks);
    expect(sha256Hex(await stored(session, recordingId))).toBe(sha256Hex(recorded));
    expect(proxy.patchBodyBytes - patchBytesBefore - recorded.byteLength).toBeLessThanOrEqual(MAX_PATCH_BYTES);
  }, 120_000);

  it('the connection cut by a proxy in the middle of PATCH bodies', async () => {
    resetProxy();
    const session = await newSession();
    const spoolDirectory = join(root, 'spool-connection-cut');
    const chunks = randomChunks(CHUNKS, CHUNK_BYTES);
    const recordingId = await spoolRecording(spoolDirectory, session, chunks);
    let cuts = 0;
    proxy.onPatch = (info) =>
      info.index % 4 === 1 ? { kind: 'cut', afterBytes: Math.floor(info.contentLength / 3) } : { kind: 'pass' };
    proxy.on('cut', () => (cuts += 1));
    const runtime = await resumePendingUploads({
      spoolDirectory,
      safeStorage: createTestSafeStorage(),
      platform: 'linux',
      log: silentLogger,
      maxPatchBytes: MAX_PATCH_BYTES,
      backoff: { baseMs: 20, maxMs: 200 },
    });
    try {
      await runtime.uploader.whenIdle();
    } finally {
      await runtime.close();
      proxy.removeAllListeners('cut');
    }
    expect(cuts).toBeGreaterThanOrEqual(4);
    expect(sha256Hex(await stored(session, recordingId))).toBe(sha256Hex(Buffer.concat(chunks)));
  }, 120_000);
});
