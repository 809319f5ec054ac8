/**
 * The institution's side (account key): `GET /v1/sessions/:id/recordings` lists a session's
 * recordings, `GET /v1/sessions/:id/recordings/:recordingId` downloads the bytes exactly as
 * uploaded, or with `?seekable=1` the copy with duration and cues. Both honour `Range`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordingBaseMimeType } from '../../shared/api/recordings';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { defineRoute } from '../routes/define-route';
import { parseRange } from './byte-range';
import type { RecordingDownloads } from './recording-downloads';

export interface DownloadRoutesOptions {
  downloads: RecordingDownloads;
}

export function registerDownloadRoutes(app: FastifyInstance, options: DownloadRoutesOptions): void {
  const { downloads } = options;

  async function accountIdOf(request: FastifyRequest, reply: FastifyReply): Promise<number> {
    await app.authenticateAccount(request, reply);
    return accountOf(request).id;
  }

  // The signature is judged from the headers first (auth-plugin's signedByAccount), then in full.
  const signed = { authenticate: 'in-handler' } as const;

  defineRoute(app, apiRoutes.listRecordings, signed, async (request, reply) => {
    const accountId = await accountIdOf(request, reply);
    const { sessionId } = request.params as { sessionId: string };
    return { recordings: await downloads.list(accountId, sessionId) };
  });

  defineRoute(app, apiRoutes.downloadRecording, signed, async (request, reply) => {
    const accountId = await accountIdOf(request, reply);
    const { sessionId, recordingId } = request.params as { sessionId: string; recordingId: string };
    const seekable = ['1', 'true'].includes(String((request.query as { seekable?: unknown }).seekable ?? ''));
    const download = await downloads.find(accountId, sessionId, recordingId, seekable);
    const { recording, sizeBytes: size } = download;
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
    if (range.kind === 'range') {
      reply.code(206);
      reply.header('content-range', `bytes ${range.range.start}-${range.range.end}/${size}`);
      reply.header('content-length', String(range.range.end - range.range.start + 1));
      return reply.send(await downloads.open(download, range.range));
    }
    reply.header('content-length', String(size));
    return reply.send(await downloads.open(download));
  });
}
