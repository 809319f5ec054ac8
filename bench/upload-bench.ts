/**
 * Recording uploads on loopback: the whole path from the encrypted spool through the signed tus
 * client to the service's fsynced file store, as a ratio against copying the same bytes on the same
 * disk (read, write, fsync); and how many bytes go out twice when the uploader is SIGKILLed in the
 * middle of a PATCH and started again (the design's bound is one PATCH, i.e. one chunk).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../main/logger';
import { resumePendingUploads } from '../main/recordings/recordings-runtime';
import { DEFAULT_MAX_PATCH_BYTES } from '../main/recordings/uploader';
import { KeyVault } from '../main/keyring/key-vault';
import { Spool } from '../main/recordings/spool';
import { spawnTsx } from '../test/support/recordings-processes';
import { createTestSafeStorage } from '../test/support/recordings-safe-storage';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type LaunchedSession,
} from '../test/support/recordings-service';
import { TcpProxy } from '../test/support/recordings-tcp-proxy';
import type { Benchmark } from './index';

const CHUNK_BYTES = 1024 * 1024;
const THROUGHPUT_CHUNKS = 96;
const KILL_CHUNKS = 24;

const mbps = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);

async function spool(directory: string, session: LaunchedSession, serviceUrl: string, chunks: Buffer[]): Promise<void> {
  const vault = new KeyVault(join(directory, 'sessions'), createTestSafeStorage(), 'linux');
  await vault.open({
    sessionId: session.sessionId,
    serviceUrl,
    keyId: String(session.key.keyId),
    secretKey: session.key.secretKey,
  });
  const { spool: opened } = await Spool.open({ directory, vault });
  const { recordingId } = await opened.begin({ sessionId: session.sessionId, kind: 'screen', mimeType: 'video/webm' });
  for (const [sequence, chunk] of chunks.entries()) await opened.append(recordingId, sequence, chunk);
  await opened.end(recordingId);
  await opened.close();
}

/** The baseline: the same bytes read from one file and written to another on the same disk, fsynced. */
async function diskCopyMs(directory: string, chunks: Buffer[]): Promise<number> {
  const source = join(directory, 'source.bin');
  await writeFile(source, Buffer.concat(chunks));
  const started = performance.now();
  const bytes = await readFile(source);
  const target = await open(join(directory, 'copy.bin'), 'w');
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_BYTES) {
    await target.write(bytes, offset, Math.min(CHUNK_BYTES, bytes.byteLength - offset));
  }
  await target.datasync();
  await target.close();
  return performance.now() - started;
}

export const uploadBenchmark: Benchmark = {
  name: 'upload',
  async run(log) {
    const root = await mkdtemp(join(tmpdir(), 'vigil-upload-bench-'));
    const service = await startRecordingsService({ dataDir: join(root, 'service') });
    try {
      const account = await createTestAccount(service.app);

      const chunks = Array.from({ length: THROUGHPUT_CHUNKS }, () => randomBytes(CHUNK_BYTES));
      const total = THROUGHPUT_CHUNKS * CHUNK_BYTES;
      const session = await launchTestSession(service.baseUrl, account);
      const spoolDirectory = join(root, 'spool-throughput');
      await spool(spoolDirectory, session, service.baseUrl, chunks);
      const started = performance.now();
      const runtime = await resumePendingUploads({
        spoolDirectory,
        safeStorage: createTestSafeStorage(),
        platform: 'linux',
        log: silentLogger,
        maxPatchBytes: DEFAULT_MAX_PATCH_BYTES,
      });
      await runtime.uploader.whenIdle();
      const uploadMs = performance.now() - started;
      await runtime.close();
      const copyMs = await diskCopyMs(root, chunks);
      log(
        `upload ${total / 1024 / 1024} MiB spool → tus → file store: ${mbps(total, uploadMs).toFixed(0)} MiB/s; ` +
          `disk copy with fsync: ${mbps(total, copyMs).toFixed(0)} MiB/s; ratio ${(copyMs / uploadMs).toFixed(2)}`,
      );

      const killSession = await launchTestSession(service.baseUrl, account);
      const proxy = await TcpProxy.start(service.port);
      try {
        const killChunks = Array.from({ length: KILL_CHUNKS }, () => randomBytes(CHUNK_BYTES));
        const killTotal = KILL_CHUNKS * CHUNK_BYTES;
        const killSpool = join(root, 'spool-kill');
        await spool(killSpool, killSession, proxy.url, killChunks);
        proxy.onPatch = (info) =>
          info.index === 7 ? { kind: 'stall', afterBytes: Math.floor(info.contentLength * 0.75) } : { kind: 'pass' };
        const stalled = new Promise((resolve) => proxy.once('stalled', resolve));
        const env = { VIGIL_SPOOL_DIR: killSpool, VIGIL_MAX_PATCH_BYTES: String(CHUNK_BYTES) };
        const first = spawnTsx('test/support/recordings-uploader-child.ts', env);
        await stalled;
        await first.kill('SIGKILL');
        proxy.onPatch = () => ({ kind: 'pass' });
        proxy.dropAll();
        const second = spawnTsx('test/support/recordings-uploader-child.ts', env);
        await second.waitFor((message) => message.type === 'idle');
        await second.exited;
        const resent = proxy.patchBodyBytes - killTotal;
        log(
          `uploader SIGKILLed mid-PATCH and restarted: ${resent} bytes sent again ` +
            `(${(resent / CHUNK_BYTES).toFixed(2)} of a ${CHUNK_BYTES / 1024} KiB chunk; bound: 1 chunk)`,
        );
      } finally {
        await proxy.close();
      }
    } finally {
      await service.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
