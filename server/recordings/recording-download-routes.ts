/**
 * The institution's side (account key): `GET /v1/sessions/:id/recordings` lists a session's
 * recordings, `GET /v1/sessions/:id/recordings/:recordingId` downloads the bytes exactly as
 * uploaded, or with `?seekable=1` the copy with duration and cues. Both honour `Range`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordingBaseMimeType, type Recording } from '../../shared/api/recordings';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { invalidState, notFound } from '../lib/http-error';
import { defineRoute } from '../routes/define-route';
import { parseRange } from './byte-range';
import type { RecordingRepository, StoredRecording } from './recording-repository';
import type { RecordingStorage } from './recording-storage';

export interface DownloadRoutesOptions {
  storage: RecordingStorage;
  repository: RecordingRepository;
}

export function registerDownloadRoutes(app: FastifyInstance, options: DownloadRoutesOptions): void {
  const { storage, repository } = options;

  async function sessionOfAccount(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    await app.authenticateAccount(request, reply);
    const account = accountOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const session = await app.services.repositories.sessions.findForAccount(account.id, sessionId);
    if (!session) throw notFound(`Session ${sessionId}`);
    return session.id;
  }

  async function present(recording: StoredRecording): Promise<Recording> {
    let sizeBytes = recording.sizeBytes;
    if (!recording.completedAt) {
      // Still uploading: report what has arrived so far.
      const upload = await storage.datastore.getUpload(storage.uploadIdFor(recording.id)).catch(() => null);
      sizeBytes = upload?.offset ?? 0;
    }
    return {
      id: recording.id,
      sessionId: recording.sessionId,
      kind: recording.kind,
      sizeBytes: sizeBytes ?? 0,
      durationMs: recording.durationMs,
      sha256: recording.sha256,
      complete: recording.completedAt !== null,
      startedAt: recording.startedAt,
      seekable: recording.seekableStatus === 'ready',
    };
  }

  // The signature is judged from the headers first (auth-plugin's signedByAccount), then in full.
  const signed = { authenticate: 'in-handler' } as const;

  defineRoute(app, apiRoutes.listRecordings, signed, async (request, reply) => {
    const sessionId = await sessionOfAccount(request, reply);
    const recordings = await repository.listForSession(sessionId);
    return { recordings: await Promise.all(recordings.map(present)) };
  });

  defineRoute(app, apiRoutes.downloadRecording, signed, async (request, reply) => {
    const sessionId = await sessionOfAccount(request, reply);
    const { recordingId } = request.params as { recordingId: string };
    const recording = await repository.findById(recordingId);
    if (!recording || recording.sessionId !== sessionId) throw notFound(`Recording ${recordingId}`);
    if (!recording.completedAt || recording.sizeBytes === null) {
      throw invalidState('The recording is still uploading; download it once it is complete');
    }
    const seekable = ['1', 'true'].includes(String((request.query as { seekable?: unknown }).seekable ?? ''));
    if (seekable && (recording.seekableStatus !== 'ready' || recording.seekableSizeBytes === null)) {
      throw invalidState(
        `The seekable copy is ${recording.seekableStatus === 'failed' ? 'unavailable' : 'not ready yet'}`,
      );
    }
    const size = seekable ? recording.seekableSizeBytes! : recording.sizeBytes;
    const range = parseRange(request.headers.range, size);
    reply.header('accept-ranges', 'bytes');
    // Only an allowed type is echoed (a row from before the allow-list may hold anything), never
    // sniffed, and always a download: the bytes are the candidate's, not the service's.
    const type = recordingBaseMimeType(recording.mimeType || 'video/webm');
    reply.header('content-type', type ?? 'application/octet-stream');
    reply.header('x-content-type-options', 'nosniff');
    reply.header(
      'content-disposition',
      `attachment; filename="${recording.kind}-${recording.id}${seekable ? '-seekable' : ''}.${type === 'video/mp4' ? 'mp4' : 'webm'}"`,
    );
    if (!seekable) reply.header('etag', `"sha256-${recording.sha256}"`);
    if (range.kind === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${size}`).send();
    }
    const open = seekable ? storage.openSeekable : storage.openOriginal;
    if (range.kind === 'range') {
      reply.code(206);
      reply.header('content-range', `bytes ${range.range.start}-${range.range.end}/${size}`);
      reply.header('content-length', String(range.range.end - range.range.start + 1));
      return reply.send(await open(recording.id, range.range));
    }
    reply.header('content-length', String(size));
    return reply.send(await open(recording.id));
  });
}
