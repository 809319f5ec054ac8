/**
 * A recording is never lost to torn tus bookkeeping. @tus/utils' FileKvStore rewrote `<id>.json`
 * in place, so a service killed inside that write during the last PATCH of a deferred-length
 * upload left it empty: after the restart HEAD and PATCH answered 404 for ever while every
 * acknowledged byte sat on disk. The bookkeeping is now replaced atomically, and one found empty
 * or missing (left by an older version, or by a disk that lost it) is rebuilt from the database.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DURABLE_OFFSET_HEADER, RECORDING_SHA256_HEADER } from '../../../shared/api/recordings';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/service-harness';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type LaunchedSession,
  type RunningRecordingsService,
} from '../../support/recordings-service';
import type { TestKey } from '../../support/recordings-signed-fetch';
import { createUpload, headUpload, patchUpload } from '../../support/recordings-tus';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ACKNOWLEDGED = 2_621_440;

describeEachBackend('torn tus bookkeeping', (backend) => {
  let database: TestDatabase;
  let service: RunningRecordingsService;
  let account: TestKey;

  const start = async () => {
    service = await startRecordingsService({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
  };
  const restart = async () => {
    await service.close();
    await start();
  };
  const bookkeepingOf = (recordingId: string) => join(database.dataDir, 'recordings', 'uploads', `${recordingId}.json`);

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await start();
    account = await createTestAccount(service.app);
  });
  afterAll(async () => {
    await service?.close();
    await database?.dispose();
  });

  async function acknowledgedUpload(session: LaunchedSession): Promise<{ recordingId: string; first: Buffer }> {
    const recordingId = randomUUID();
    const created = await createUpload(service.baseUrl, session.key, {
      recordingId,
      sessionId: session.sessionId,
      kind: 'camera',
      mimeType: 'video/webm',
    });
    expect(created.status).toBe(201);
    const first = randomBytes(ACKNOWLEDGED);
    const patched = await patchUpload(service.baseUrl, session.key, recordingId, 0, first);
    expect(patched.status).toBe(204);
    expect(patched.headers.get(DURABLE_OFFSET_HEADER)).toBe(String(ACKNOWLEDGED));
    return { recordingId, first };
  }

  async function finishesWhole(session: LaunchedSession, recordingId: string, first: Buffer): Promise<void> {
    const head = await headUpload(service.baseUrl, session.key, recordingId);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe(String(ACKNOWLEDGED));
    expect(head.headers.get('upload-defer-length')).toBe('1');
    const last = randomBytes(1000);
    const whole = Buffer.concat([first, last]);
    const patched = await patchUpload(service.baseUrl, session.key, recordingId, ACKNOWLEDGED, last, {
      uploadLength: whole.byteLength,
    });
    expect(patched.status).toBe(204);
    expect(patched.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(whole));
  }

  it('an upload whose bookkeeping was left empty resumes after a restart with every acknowledged byte', async () => {
    const session = await launchTestSession(service.baseUrl, account);
    const { recordingId, first } = await acknowledgedUpload(session);
    // What a kill inside FileKvStore's writeFile left behind.
    await writeFile(bookkeepingOf(recordingId), '');
    await restart();
    await finishesWhole(session, recordingId, first);
  });

  it('an upload whose bookkeeping is missing is rebuilt from the database, not answered 404', async () => {
    const session = await launchTestSession(service.baseUrl, account);
    const { recordingId, first } = await acknowledgedUpload(session);
    await rm(bookkeepingOf(recordingId));
    await finishesWhole(session, recordingId, first);
  });

  it('an unknown upload id is still 404: recovery never invents uploads the service did not accept', async () => {
    const session = await launchTestSession(service.baseUrl, account);
    const recordingId = randomUUID();
    await writeFile(join(database.dataDir, 'recordings', 'uploads', recordingId), randomBytes(10));
    expect((await headUpload(service.baseUrl, session.key, recordingId)).status).toBe(404);
  });
});
