import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CLIENT_RECORDINGS_PATH,
  DURABLE_OFFSET_HEADER,
  RECORDING_SHA256_HEADER,
  recordingListSchema,
} from '../../../shared/api/recordings';
import { createFileRecordingStorage } from '../../../server/recordings/file-recording-storage';
import { withFullDisk } from '../../support/recordings-full-disk';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../../support/service-harness';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type LaunchedSession,
  type RunningRecordingsService,
} from '../../support/recordings-service';
import { signedFetch, type TestKey } from '../../support/recordings-signed-fetch';
import { createUpload, headUpload, patchUpload } from '../../support/recordings-tus';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describeEachBackend('tus endpoint /v1/client/recordings', (backend) => {
  let database: TestDatabase;
  let dataDir: string;
  let service: RunningRecordingsService;
  let storage: Awaited<ReturnType<typeof createFileRecordingStorage>> & { setFull(full: boolean): void };
  let account: TestKey;
  let session: LaunchedSession;
  let otherSession: LaunchedSession;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    dataDir = database.dataDir;
    storage = withFullDisk(await createFileRecordingStorage({ directory: join(dataDir, 'recordings') }));
    service = await startRecordingsService({ dataDir, databaseUrl: database.databaseUrl, storage });
    account = await createTestAccount(service.app);
    session = await launchTestSession(service.baseUrl, account);
    otherSession = await launchTestSession(service.baseUrl, account);
  });
  afterAll(async () => {
    await service?.close();
    await database?.dispose();
  });

  async function newUpload(owner = session, length?: number): Promise<string> {
    const recordingId = randomUUID();
    const response = await createUpload(
      service.baseUrl,
      owner.key,
      { recordingId, sessionId: owner.sessionId, kind: 'camera', mimeType: 'video/webm' },
      length,
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${CLIENT_RECORDINGS_PATH}/${recordingId}`);
    return recordingId;
  }

  it('advertises tus 1.0 with creation, deferred length and sha256 checksums', async () => {
    const response = await fetch(`${service.baseUrl}${CLIENT_RECORDINGS_PATH}`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('tus-version')).toContain('1.0.0');
    expect(response.headers.get('tus-extension')).toMatch(/creation-defer-length.*checksum/);
    expect(response.headers.get('tus-checksum-algorithm')).toBe('sha256');
  });

  it('creates, resumes and completes an upload; the stored bytes and their SHA-256 are exactly what was sent', async () => {
    const recordingId = await newUpload();
    const head = await headUpload(service.baseUrl, session.key, recordingId);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('upload-defer-length')).toBe('1');

    const parts = [randomBytes(70_000), randomBytes(50_000), randomBytes(1_234)];
    let offset = 0;
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
      const response = await patchUpload(service.baseUrl, session.key, recordingId, offset, part, {
        ...(last ? { uploadLength: total } : {}),
      });
      expect(response.status).toBe(204);
      offset += part.byteLength;
      expect(response.headers.get('upload-offset')).toBe(String(offset));
      expect(response.headers.get(DURABLE_OFFSET_HEADER)).toBe(String(offset));
      if (last) expect(response.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(Buffer.concat(parts)));
    }

    const afterwards = await headUpload(service.baseUrl, session.key, recordingId);
    expect(afterwards.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(Buffer.concat(parts)));

    const list = recordingListSchema.parse(
      await (await signedFetch(service.baseUrl, account, 'GET', `/v1/sessions/${session.sessionId}/recordings`)).json(),
    );
    expect(list.recordings).toContainEqual(
      expect.objectContaining({
        id: recordingId,
        kind: 'camera',
        complete: true,
        sizeBytes: offset,
        sha256: sha256Hex(Buffer.concat(parts)),
      }),
    );

    const download = await signedFetch(
      service.baseUrl,
      account,
      'GET',
      `/v1/sessions/${session.sessionId}/recordings/${recordingId}`,
    );
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.concat(parts))).toBe(true);

    const range = await signedFetch(
      service.baseUrl,
      account,
      'GET',
      `/v1/sessions/${session.sessionId}/recordings/${recordingId}`,
      { headers: { range: 'bytes=100-199' } },
    );
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 100-199/${offset}`);
    expect(Buffer.from(await range.arrayBuffer()).equals(Buffer.concat(parts).subarray(100, 200))).toBe(true);

    const beyond = await signedFetch(
      service.baseUrl,
      account,
      'GET',
      `/v1/sessions/${session.sessionId}/recordings/${recordingId}`,
      {
        headers: { range: `bytes=${offset}-` },
      },
    );
    expect(beyond.status).toBe(416);
  });

  it('answers a PATCH at the wrong offset with 409 and changes nothing', async () => {
    const recordingId = await newUpload();
    expect((await patchUpload(service.baseUrl, session.key, recordingId, 0, randomBytes(1000))).status).toBe(204);
    const wrong = await patchUpload(service.baseUrl, session.key, recordingId, 500, randomBytes(1000));
    expect(wrong.status).toBe(409);
    const head = await headUpload(service.baseUrl, session.key, recordingId);
    expect(head.headers.get('upload-offset')).toBe('1000');
  });

  it('refuses a body whose Upload-Checksum does not match (460) without storing a byte, and takes it re-sent', async () => {
    const recordingId = await newUpload();
    const body = randomBytes(4000);
    const wrongDigest = `sha256 ${createHash('sha256').update(randomBytes(10)).digest('base64')}`;
    const refused = await patchUpload(service.baseUrl, session.key, recordingId, 0, body, { checksum: wrongDigest });
    expect(refused.status).toBe(460);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('content_hash_mismatch');
    expect((await headUpload(service.baseUrl, session.key, recordingId)).headers.get('upload-offset')).toBe('0');
    expect((await patchUpload(service.baseUrl, session.key, recordingId, 0, body)).status).toBe(204);
    const unsupported = await patchUpload(service.baseUrl, session.key, recordingId, 4000, body, {
      checksum: 'md5 abc',
    });
    expect(unsupported.status).toBe(400);
  });

  it('answers 404 for an upload nobody created', async () => {
    const response = await headUpload(service.baseUrl, session.key, randomUUID());
    expect(response.status).toBe(404);
    expect((await patchUpload(service.baseUrl, session.key, 'not-an-id', 0, randomBytes(10))).status).toBe(404);
  });

  it("refuses another session's upload (403) for HEAD, PATCH and re-creation", async () => {
    const recordingId = await newUpload(session);
    expect((await headUpload(service.baseUrl, otherSession.key, recordingId)).status).toBe(403);
    expect((await patchUpload(service.baseUrl, otherSession.key, recordingId, 0, randomBytes(10))).status).toBe(403);
    const hijack = await createUpload(service.baseUrl, otherSession.key, {
      recordingId,
      sessionId: otherSession.sessionId,
      kind: 'screen',
    });
    expect(hijack.status).toBe(403);
    const impersonate = await createUpload(service.baseUrl, otherSession.key, {
      recordingId: randomUUID(),
      sessionId: session.sessionId,
      kind: 'screen',
    });
    expect(impersonate.status).toBe(403);
    expect((await headUpload(service.baseUrl, session.key, recordingId)).headers.get('upload-offset')).toBe('0');
  });

  it('refuses unsigned requests, account keys and bad metadata', async () => {
    const unsigned = await fetch(`${service.baseUrl}${CLIENT_RECORDINGS_PATH}`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1' },
    });
    expect(unsigned.status).toBe(401);
    const withAccountKey = await createUpload(service.baseUrl, account, {
      recordingId: randomUUID(),
      sessionId: session.sessionId,
      kind: 'camera',
    });
    expect(withAccountKey.status).toBe(403);
    const badKind = await createUpload(service.baseUrl, session.key, {
      recordingId: randomUUID(),
      sessionId: session.sessionId,
      kind: 'microwave',
    });
    expect(badKind.status).toBe(400);
    const session403 = await signedFetch(
      service.baseUrl,
      session.key,
      'GET',
      `/v1/sessions/${session.sessionId}/recordings`,
    );
    expect(session403.status).toBe(403);
  });

  it('answers 507 when the store runs out of space, keeps what it had, and accepts the chunk later', async () => {
    const recordingId = await newUpload();
    const first = randomBytes(2000);
    const second = randomBytes(3000);
    expect((await patchUpload(service.baseUrl, session.key, recordingId, 0, first)).status).toBe(204);
    storage.setFull(true);
    try {
      const full = await patchUpload(service.baseUrl, session.key, recordingId, 2000, second);
      expect(full.status).toBe(507);
    } finally {
      storage.setFull(false);
    }
    expect((await headUpload(service.baseUrl, session.key, recordingId)).headers.get('upload-offset')).toBe('2000');
    const retried = await patchUpload(service.baseUrl, session.key, recordingId, 2000, second, { uploadLength: 5000 });
    expect(retried.status).toBe(204);
    expect(retried.headers.get(RECORDING_SHA256_HEADER)).toBe(sha256Hex(Buffer.concat([first, second])));
  });

  it('answers 507 before writing when the disk has less free space than the reserve', async () => {
    const tight = await createFileRecordingStorage({
      directory: join(dataDir, 'tight'),
      reserveBytes: 1000,
      freeBytes: async () => 1500,
    });
    expect(await tight.hasRoomFor(400)).toBe(true);
    expect(await tight.hasRoomFor(600)).toBe(false);
  });

  it('deletes recordings with the rest of the session when the retention purge runs', async () => {
    const purged = await launchTestSession(service.baseUrl, account);
    const recordingId = await newUpload(purged, 10);
    expect((await patchUpload(service.baseUrl, purged.key, recordingId, 0, randomBytes(10))).status).toBe(204);
    const longAgo = new Date(Date.now() - 400 * 24 * 60 * 60 * 1000).toISOString();
    await service.app.database.db
      .updateTable('sessions')
      .set({ state: 'finished', ended_at: longAgo })
      .where('id', '=', purged.sessionId)
      .execute();
    const result = await service.app.jobs.purger.runOnce();
    expect(result.sessionsPurged).toBeGreaterThanOrEqual(1);
    const list = recordingListSchema.parse(
      await (await signedFetch(service.baseUrl, account, 'GET', `/v1/sessions/${purged.sessionId}/recordings`)).json(),
    );
    expect(list.recordings).toEqual([]);
    expect(await readdir(join(dataDir, 'recordings', 'uploads'))).not.toContain(recordingId);
    expect((await readdir(join(dataDir, 'recordings', 'uploads'))).some((name) => name.startsWith(recordingId))).toBe(
      false,
    );
  });
});
