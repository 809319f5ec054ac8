/**
 * The tus 1.0 endpoint at /v1/client/recordings, inside Fastify. Each request is verified
 * (SharedKeyV2 over the exact body bytes, buffered here), bound to the uploading session, checked
 * against `Upload-Checksum`, and only then handed to @tus/server as a web Request.
 *
 * Upload ids are the client's recording ids, so creation is idempotent from the client's side: it
 * HEADs `<endpoint>/<recordingId>` and creates the upload only on 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { HEADERS as TUS_HEADERS, Metadata, type Upload } from '@tus/utils';
import {
  CLIENT_RECORDINGS_PATH,
  DURABLE_OFFSET_HEADER,
  RECORDING_SHA256_HEADER,
  recordingUploadMetadataSchema,
} from '../../shared/api/recordings';
import type { ErrorCode } from '../../shared/api/errors';
import { apiRoutes } from '../../shared/api/routes';
import { RESPONSE_MAC_HEADER, RESPONSE_SIGNATURE_HEADER } from '../../shared/signing/response-mac';
import { CONTENT_SHA256_HEADER, NONCE_HEADER, VIGIL_DATE_HEADER } from '../../shared/signing/shared-key';
import type { SessionRow } from '../db/schema';
import { sessionOf } from '../plugins/auth-plugin';
import { defineRoute } from '../routes/define-route';
import { HttpError, notFound } from '../lib/http-error';
import { startedAfterTheEnd } from '../services/client-session-service';
import { describeState } from '../services/session-lifecycle';
import type { RecordingFinalizer } from './recording-finalizer';
import type { RecordingRepository, StoredRecording } from './recording-repository';
import { INSUFFICIENT_STORAGE, isOutOfSpace, type RecordingStorage } from './recording-storage';
import { CHECKSUM_ALGORITHMS, CHECKSUM_MISMATCH_STATUS, checkUploadChecksum } from './upload-checksum';

export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';
const RECORDING_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'expect']);

/**
 * CORS for a browser uploader: the preflight allows tus's request headers plus every header a
 * SharedKeyV2 signature and the checksum need (X-Vigil-Date standing in for Date, which a browser
 * may not set), and every answer exposes tus's headers plus Vigil's own, so a browser can read them.
 */
export const TUS_CORS_ALLOWED_HEADERS: readonly string[] = [
  'Upload-Checksum',
  'X-Vigil-Date',
  'X-Vigil-Content-SHA256',
  'X-Vigil-Nonce',
];
export const TUS_CORS_EXPOSED_HEADERS: readonly string[] = [
  ...TUS_HEADERS.filter((name) => !['Authorization', 'X-HTTP-Method-Override', 'X-Requested-With'].includes(name)),
  'Upload-Expires',
  'Tus-Checksum-Algorithm',
  'Vigil-Durable-Offset',
  'Vigil-Recording-Sha256',
  'X-Vigil-Response-MAC',
  'X-Vigil-Response-Signature',
  'WWW-Authenticate',
  'Retry-After',
];
// The lists name the same headers the code sends and reads (a renamed constant must not leave CORS behind).
for (const [name, list] of [
  [VIGIL_DATE_HEADER, TUS_CORS_ALLOWED_HEADERS],
  [CONTENT_SHA256_HEADER, TUS_CORS_ALLOWED_HEADERS],
  [NONCE_HEADER, TUS_CORS_ALLOWED_HEADERS],
  [DURABLE_OFFSET_HEADER, TUS_CORS_EXPOSED_HEADERS],
  [RECORDING_SHA256_HEADER, TUS_CORS_EXPOSED_HEADERS],
  [RESPONSE_MAC_HEADER, TUS_CORS_EXPOSED_HEADERS],
  [RESPONSE_SIGNATURE_HEADER, TUS_CORS_EXPOSED_HEADERS],
] as const) {
  if (!list.some((entry) => entry.toLowerCase() === name)) throw new Error(`CORS lists miss ${name}`);
}

export interface TusEndpointOptions {
  storage: RecordingStorage;
  repository: RecordingRepository;
  finalizer: RecordingFinalizer;
  now: () => Date;
  maxRecordingBytes: number;
}

/** The envelope's code for a status @tus/server answered with. */
function tusErrorCode(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = {
    400: 'bad_request',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    410: 'gone',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    460: 'content_hash_mismatch',
    507: 'insufficient_storage',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

const recordingIdOf = (uploadId: string) => uploadId.slice(uploadId.lastIndexOf('/') + 1);

export function registerTusEndpoint(app: FastifyInstance, options: TusEndpointOptions): void {
  const { storage, repository, finalizer } = options;
  const tus = new TusServer({
    path: CLIENT_RECORDINGS_PATH,
    datastore: storage.datastore,
    maxSize: options.maxRecordingBytes,
    respectForwardedHeaders: false,
    allowedHeaders: [...TUS_CORS_ALLOWED_HEADERS],
    namingFunction: (_request, metadata) => storage.uploadIdFor(String(metadata?.recordingId)),
    getFileIdFromRequest: (_request, lastPath) => (lastPath ? storage.uploadIdFor(lastPath) : undefined),
    generateUrl: (_request, { path, id }) => `${path}/${recordingIdOf(id)}`,
    onUploadFinish: async (_request, upload) => {
      const sha256 = await finalizer.finalize(recordingIdOf(upload.id), upload.size ?? upload.offset);
      return { headers: { [RECORDING_SHA256_HEADER]: sha256 } };
    },
    onResponseError: (_request, error) => (isOutOfSpace(error) ? INSUFFICIENT_STORAGE : undefined),
  });

  /** The session whose key signed the request (the same check as every client route). */
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<SessionRow> {
    await app.authenticateSession(request, reply);
    return sessionOf(request);
  }

  /** The recording behind the URL, if it belongs to this session: a foreign one is 403, an unknown one 404. */
  async function ownRecording(request: FastifyRequest, session: SessionRow): Promise<StoredRecording> {
    const { recordingId } = request.params as { recordingId: string };
    const recording = RECORDING_ID_PATTERN.test(recordingId) ? await repository.findById(recordingId) : undefined;
    if (!recording) throw notFound(`Recording upload ${recordingId}`);
    if (recording.sessionId !== session.id) {
      throw new HttpError(403, 'forbidden', 'This upload belongs to another session');
    }
    return recording;
  }

  async function forward(request: FastifyRequest): Promise<Response> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = request.rawBody && request.rawBody.byteLength > 0 ? request.rawBody : undefined;
    if (!body) headers.delete('content-length');
    return tus.handleWeb(new Request(`http://vigil.internal${request.url}`, { method: request.method, headers, body }));
  }

  async function send(reply: FastifyReply, response: Response, extra: Record<string, string> = {}) {
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') reply.header(name, value);
    });
    for (const [name, value] of Object.entries(extra)) reply.header(name, value);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status >= 400) {
      // tus's own refusals in the service's error envelope, like every other error.
      const message = bytes.toString('utf8').trim() || `tus answered ${response.status}`;
      return reply
        .type('application/json; charset=utf-8')
        .send({ error: { code: tusErrorCode(response.status), message } });
    }
    if (bytes.byteLength === 0) return reply.send();
    return reply.type('text/plain; charset=utf-8').send(bytes);
  }

  /** After a successful HEAD or PATCH: how much the client may drop, and the hash once whole. */
  async function progressHeaders(recording: StoredRecording, response: Response): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    if (response.status !== 200 && response.status !== 204) return headers;
    const upload: Upload = await storage.datastore.getUpload(storage.uploadIdFor(recording.id));
    headers[DURABLE_OFFSET_HEADER] = String(await storage.durableOffset(upload));
    const whole = upload.size !== undefined && upload.offset === upload.size;
    if (whole && !response.headers.has(RECORDING_SHA256_HEADER)) {
      // Also repairs a crash between the last write and the finalizer.
      headers[RECORDING_SHA256_HEADER] = await finalizer.finalize(recording.id, upload.size ?? upload.offset);
    }
    return headers;
  }

  const tusHeaders = { 'tus-resumable': '1.0.0' };

  // Every answer under the tus path, refusals included (a browser reads no status without them).
  const exposed = TUS_CORS_EXPOSED_HEADERS.join(', ');
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith(CLIENT_RECORDINGS_PATH)) return;
    if (!reply.hasHeader('access-control-allow-origin')) reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', exposed);
  });

  app.addContentTypeParser(OFFSET_CONTENT_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, body);
  });

  defineRoute(app, apiRoutes.recordingUploadsOptions, async (request, reply) => {
    const response = await forward(request);
    const extension = response.headers.get('tus-extension');
    return send(reply, response, {
      'tus-extension': extension ? `${extension},checksum` : 'checksum',
      'tus-checksum-algorithm': CHECKSUM_ALGORITHMS.join(','),
    });
  });

  // The signature is judged from the headers before the body is read (auth-plugin's signedBySession),
  // in full by the handler once the body is.
  const signed = { authenticate: 'in-handler' } as const;

  defineRoute(app, apiRoutes.createRecordingUpload, signed, async (request, reply) => {
    reply.headers(tusHeaders);
    const session = await authenticate(request, reply);
    const header = request.headers['upload-metadata'];
    let raw: Record<string, string | null>;
    try {
      raw = Metadata.parse(typeof header === 'string' ? header : undefined);
    } catch {
      throw new HttpError(400, 'bad_request', 'Upload-Metadata is not valid tus metadata');
    }
    const parsed = recordingUploadMetadataSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HttpError(
        400,
        'validation_failed',
        `Upload-Metadata: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const metadata = parsed.data;
    if (metadata.sessionId !== session.id) {
      throw new HttpError(403, 'forbidden', 'Upload-Metadata names another session than the key that signed it');
    }
    // After the end the key may finish what it recorded (an upload created late by an offline
    // client included), never begin a recording that started after the end.
    if (startedAfterTheEnd(session, metadata.startedAt)) {
      throw new HttpError(409, 'invalid_state', `Cannot add a recording to ${describeState(session)}`);
    }
    const existing = await repository.findById(metadata.recordingId);
    if (existing) {
      if (existing.sessionId !== session.id)
        throw new HttpError(403, 'forbidden', 'This upload belongs to another session');
      throw new HttpError(409, 'conflict', `Upload ${metadata.recordingId} exists: HEAD it for its offset`);
    }
    const response = await forward(request);
    if (response.status === 201) {
      const length = request.headers['upload-length'];
      await repository.insert({
        id: metadata.recordingId,
        sessionId: session.id,
        kind: metadata.kind,
        mimeType: metadata.mimeType,
        startedAt: metadata.startedAt ?? options.now().toISOString(),
        createdAt: options.now().toISOString(),
        sizeBytes: typeof length === 'string' ? Number(length) : null,
      });
    }
    return send(reply, response);
  });

  defineRoute(app, apiRoutes.recordingUploadOptions, async (request, reply) => send(reply, await forward(request)));

  defineRoute(app, apiRoutes.getRecordingUploadOffset, signed, async (request, reply) => {
    reply.headers({ ...tusHeaders, 'cache-control': 'no-store' });
    const session = await authenticate(request, reply);
    const recording = await ownRecording(request, session);
    const response = await forward(request);
    return send(reply, response, await progressHeaders(recording, response));
  });

  defineRoute(app, apiRoutes.appendRecordingUpload, signed, async (request, reply) => {
    reply.headers(tusHeaders);
    if (!Buffer.isBuffer(request.body)) {
      throw new HttpError(415, 'unsupported_media_type', `PATCH bodies are ${OFFSET_CONTENT_TYPE}`);
    }
    const body = request.body;
    // Before the signature: a body damaged on the way is a transfer error the client fixes by
    // sending the chunk again (tus's 460), not an authentication failure. Nothing is stored either way.
    const checksum = checkUploadChecksum(request.headers['upload-checksum'] as string | undefined, body);
    if (checksum === 'unsupported') {
      throw new HttpError(400, 'bad_request', 'Upload-Checksum must be "sha256 <base64 digest>"');
    }
    if (checksum === 'mismatch') {
      throw new HttpError(
        CHECKSUM_MISMATCH_STATUS,
        'content_hash_mismatch',
        'Upload-Checksum does not match the body: send the chunk again',
      );
    }
    const session = await authenticate(request, reply);
    const recording = await ownRecording(request, session);
    if (!(await storage.hasRoomFor(body.byteLength))) {
      throw new HttpError(507, 'insufficient_storage', 'The service is out of disk space: try again later');
    }
    const response = await forward(request);
    return send(reply, response, await progressHeaders(recording, response));
  });
}
