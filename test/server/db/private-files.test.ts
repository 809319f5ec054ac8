/**
 * The data directory, the SQLite file (and its -wal/-shm), the master key and the recording store
 * are the service user's alone: 0700 directories and 0600 files even under a permissive umask, and a
 * data directory found looser is tightened. Before the fix they were 0755/0644 under umask 022, so any
 * local user could read every session, key and recording.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCandidate } from '../../support/service-client';
import { startTestService, type TestService } from '../../support/service-harness';
import { createUpload, patchUpload } from '../../support/recordings-tus';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('private data files (POSIX modes)', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vigil-modes-'));
  let service: TestService;
  let dataDir: string;
  let previousUmask: number;

  beforeAll(async () => {
    previousUmask = process.umask(0o022);
    dataDir = join(parent, 'data');
    service = await startTestService('sqlite', {}, { dataDir, databaseUrl: undefined, dispose: async () => undefined });
    const candidate = await launchCandidate(service);
    const recordingId = randomUUID();
    const bytes = randomBytes(1_000);
    const metadata = { recordingId, sessionId: candidate.session.sessionId, kind: 'camera', mimeType: 'video/webm' };
    expect((await createUpload(service.baseUrl, candidate.sessionKey, metadata, bytes.byteLength)).status).toBe(201);
    expect((await patchUpload(service.baseUrl, candidate.sessionKey, recordingId, 0, bytes)).status).toBe(204);
  });
  afterAll(async () => {
    await service?.close();
    process.umask(previousUmask);
    // @tus/file-store's constructor starts an mkdir it does not await; let it land before the directory goes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    rmSync(parent, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and the SQLite file, its WAL and the master key 0600', () => {
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'vigil.sqlite'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'vigil.sqlite-wal'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'master.key'))).toBe(0o600);
  });

  it('creates the recording store 0700 and what it stores 0600', async () => {
    for (const directory of ['recordings', 'recordings/uploads', 'recordings/seekable']) {
      expect(modeOf(join(dataDir, directory)), directory).toBe(0o700);
    }
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(join(dataDir, 'recordings/uploads'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(modeOf(join(dataDir, 'recordings/uploads', file)), file).toBe(0o600);
  });

  it('tightens a data directory that already exists with looser modes', async () => {
    const loose = join(parent, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    expect(modeOf(loose)).toBe(0o755);
    const other = await startTestService(
      'sqlite',
      {},
      { dataDir: loose, databaseUrl: undefined, dispose: async () => undefined },
    );
    await other.close();
    expect(modeOf(loose)).toBe(0o700);
    expect(modeOf(join(loose, 'vigil.sqlite'))).toBe(0o600);
  });
});
