/**
 * Recording types are an allow-list (video/webm, audio/webm, video/mp4, with at most a codecs
 * parameter), refused at tus creation otherwise; downloads are never sniffed and always attachments.
 * Before the fix a client could upload `text/html` and the institution's download served it as such.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchCandidate, type LaunchedCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { signedFetch } from '../../support/recordings-signed-fetch';
import { createUpload, patchUpload } from '../../support/recordings-tus';
import { waitFor } from '../../support/webhook-receiver';

describeEachBackend('recording types', (backend) => {
  let service: TestService;
  let candidate: LaunchedCandidate;

  beforeAll(async () => {
    service = await startTestService(backend);
    candidate = await launchCandidate(service);
  });
  afterAll(async () => {
    // Let the seekable copies of the uploads above settle first, so none is mid-copy at close.
    await waitFor('seekable copies to settle', async () => {
      const busy = await service.app.database.db
        .selectFrom('recordings')
        .where('seekable_status', 'in', ['pending', 'processing'])
        .select('id')
        .execute();
      return busy.length === 0;
    });
    await service?.close();
  });

  const create = (mimeType: string, length?: number) => {
    const recordingId = randomUUID();
    const metadata = { recordingId, sessionId: candidate.session.sessionId, kind: 'camera', mimeType };
    return { recordingId, response: createUpload(service.baseUrl, candidate.sessionKey, metadata, length) };
  };

  it.each([
    'text/html',
    'image/svg+xml',
    'application/octet-stream',
    'video/webm; charset=utf-8',
    'video/webm<script>',
  ])('refuses %s at creation with a clear error, and stores nothing', async (mimeType) => {
    const { recordingId, response } = create(mimeType);
    const answer = await response;
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/mimeType must be one of video\/webm, audio\/webm, video\/mp4/);
    expect(
      await service.app.database.db
        .selectFrom('recordings')
        .where('id', '=', recordingId)
        .selectAll()
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it.each(['video/webm', 'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9', 'audio/webm;codecs=opus', 'video/mp4'])(
    'accepts %s',
    async (mimeType) => {
      expect((await create(mimeType).response).status).toBe(201);
    },
  );

  async function uploadWhole(mimeType: string): Promise<string> {
    const bytes = randomBytes(2_000);
    const { recordingId, response } = create(mimeType, bytes.byteLength);
    expect((await response).status).toBe(201);
    const patched = await patchUpload(service.baseUrl, candidate.sessionKey, recordingId, 0, bytes);
    expect(patched.status).toBe(204);
    return recordingId;
  }

  const download = (recordingId: string) =>
    signedFetch(
      service.baseUrl,
      candidate.account,
      'GET',
      `/v1/sessions/${candidate.session.sessionId}/recordings/${recordingId}`,
    );

  it('a download is an attachment, not sniffed, typed with the allowed base type only', async () => {
    const recordingId = await uploadWhole('video/webm;codecs=vp8,opus');
    const answer = await download(recordingId);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="camera-.*\.webm"$/);
    expect(answer.headers.get('content-type')).toBe('video/webm');
    await answer.arrayBuffer();
  });

  it('a row stored before the allow-list with another type is served as application/octet-stream', async () => {
    const recordingId = await uploadWhole('video/mp4');
    await service.app.database.db
      .updateTable('recordings')
      .set({ mime_type: 'text/html' })
      .where('id', '=', recordingId)
      .execute();
    const answer = await download(recordingId);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    await answer.arrayBuffer();
  });
});
