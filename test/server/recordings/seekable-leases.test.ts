/**
 * Seekable copies are never stuck behind a dead worker's claim. Before leases, a claim was taken
 * again only by an instance that *started* after the claim was 30 minutes old: a single instance
 * restarted at once never made the copy (`?seekable=1` 409, `durationMs` null for ever).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLiveWebm, missingFfmpeg } from '../../support/recordings-media';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type RunningRecordingsService,
} from '../../support/recordings-service';
import type { TestKey } from '../../support/recordings-signed-fetch';
import { createUpload, patchUpload } from '../../support/recordings-tus';
import { skipWithout } from '../../support/suite-requirement';
import { waitFor } from '../../support/wait-for';

const SWEEP_MS = 200;

/** The pid of a process that has exited: what a SIGKILLed instance leaves in its claims. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(result.stdout);
}

/** Polls `probe` until it gives a value (test/support/wait-for.ts, in this file's argument order). */
function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return waitFor(probe, { describe: what, timeoutMs, intervalMs: 50 });
}

const skip = skipWithout('Seekable copies under leases', missingFfmpeg());

describe.skipIf(skip)('seekable copies under leases', () => {
  let dataDir: string;
  let webm: Buffer;
  let service: RunningRecordingsService;
  let account: TestKey;

  const start = async () => {
    service = await startRecordingsService({ dataDir, leaseSweepIntervalMs: SWEEP_MS });
  };
  const row = (id: string) =>
    service.app.database.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-seekable-leases-'));
    makeLiveWebm(join(dataDir, 'live.webm'), 2);
    webm = await readFile(join(dataDir, 'live.webm'));
    await start();
    account = await createTestAccount(service.app);
  });
  afterAll(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A whole recording whose seekable copy is made, then handed back to a claim as `holder` left it. */
  async function recordingClaimedBy(holder: string, leaseMs: number): Promise<string> {
    const session = await launchTestSession(service.baseUrl, account);
    const recordingId = randomUUID();
    const metadata = { recordingId, sessionId: session.sessionId, kind: 'camera', mimeType: 'video/webm' };
    expect((await createUpload(service.baseUrl, session.key, metadata, webm.byteLength)).status).toBe(201);
    expect((await patchUpload(service.baseUrl, session.key, recordingId, 0, webm)).status).toBe(204);
    await until(
      'the first copy',
      async () => ((await row(recordingId)).seekable_status === 'ready' ? true : undefined),
      10_000,
    );
    await service.app.database.db
      .updateTable('recordings')
      .set({
        seekable_status: 'processing',
        duration_ms: null,
        seekable_claimed_at: new Date().toISOString(),
        seekable_claimed_by: holder,
        seekable_lease_expires_at: new Date(Date.now() + leaseMs).toISOString(),
      })
      .where('id', '=', recordingId)
      .execute();
    return recordingId;
  }

  it('a single instance restarted at once makes the copy its dead predecessor had claimed', async () => {
    const recordingId = await recordingClaimedBy(`${hostname()}:${deadPid()}:a1b2c3d4`, 10 * 60_000);
    await service.close();
    await start();
    const ready = await until(
      'the copy after the restart',
      async () => {
        const current = await row(recordingId);
        return current.seekable_status === 'ready' ? current : undefined;
      },
      5_000,
    );
    expect(Number(ready.duration_ms)).toBeGreaterThan(1500);
    expect(ready.seekable_claimed_by).toBeNull();
  });

  it('an instance already running takes over a lapsed lease of another host, and respects a live one', async () => {
    const recordingId = await recordingClaimedBy('another-host:4242:e5f6a7b8', 1_500);
    // The holder might still be at work while its lease runs: nobody else touches the job for three
    // sweeps (the sweeps run inside the service; only their period is known here).
    await new Promise((resolve) => setTimeout(resolve, 3 * SWEEP_MS));
    expect((await row(recordingId)).seekable_claimed_by).toBe('another-host:4242:e5f6a7b8');
    const startedWaiting = Date.now();
    await until(
      'the takeover',
      async () => ((await row(recordingId)).seekable_status === 'ready' ? true : undefined),
      5_000,
    );
    // Taken over within a sweep or two of the lease lapsing, with no restart.
    expect(Date.now() - startedWaiting).toBeLessThan(900 + 4 * SWEEP_MS + 1_000);
  });
});
