/**
 * A small tus 1.0 client over fetch, for one session's uploads. Every request is signed with the
 * session key (SharedKeyV2, which also signs the SHA-256 of the body) and each PATCH carries
 * `Upload-Checksum`, so the service refuses a body damaged on the way (460) instead of storing it.
 */
import { createHash } from 'node:crypto';
import { DURABLE_OFFSET_HEADER, RECORDING_SHA256_HEADER, type RecordingKind } from '../../shared/api/recordings';
import { routePath } from '../../shared/api/route';
import { apiRoutes } from '../../shared/api/routes';
import { SHARED_KEY_V2_SCHEME, signRequestHeaders } from '../../shared/signing/shared-key';
import { ServiceClock } from '../core/service-clock';
import type { UploadCredentials } from '../keyring/session-key';

const TUS_VERSION = '1.0.0';

export interface RemoteUpload {
  offset: number;
  /** Null while the length is deferred (the recording is still going). */
  length: number | null;
  /** Bytes the service would keep if it died now; the spool may delete below this. */
  durableOffset: number;
  /** The service's SHA-256 of the whole recording, once complete. */
  sha256: string | null;
}

/** A failed tus request: `status` is null when no response came (network down, connection cut). */
export class TusRequestError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'TusRequestError';
  }
}

export interface TusClientOptions {
  credentials: UploadCredentials;
  /** The service's clock, shared with the API client (signed Dates must be within 15 minutes); its own by default. */
  clock?: ServiceClock;
  requestTimeoutMs?: number;
}

function encodeMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export class TusClient {
  private readonly clock: ServiceClock;

  constructor(private readonly options: TusClientOptions) {
    this.clock = options.clock ?? new ServiceClock();
  }

  /** The service's URL of a tus route (paths from shared/api/routes). */
  private urlOf(path: string): string {
    return `${this.options.credentials.serviceUrl.replace(/\/+$/, '')}${path}`;
  }

  /** The upload's state on the service, or null when it has no upload with this id (404). */
  async head(recordingId: string): Promise<RemoteUpload | null> {
    const route = apiRoutes.getRecordingUploadOffset;
    const response = await this.send(route.method, this.urlOf(routePath(route, { recordingId })), {});
    if (response.status === 404) return null;
    await this.expect(response, [200, 204]);
    return this.remoteFrom(response);
  }

  async create(input: {
    recordingId: string;
    kind: RecordingKind;
    mimeType: string;
    startedAt: string;
    length: number | null;
  }): Promise<'created' | 'exists'> {
    const headers: Record<string, string> = {
      'upload-metadata': encodeMetadata({
        recordingId: input.recordingId,
        sessionId: this.options.credentials.sessionId,
        kind: input.kind,
        mimeType: input.mimeType,
        startedAt: input.startedAt,
      }),
      ...(input.length === null ? { 'upload-defer-length': '1' } : { 'upload-length': String(input.length) }),
    };
    const route = apiRoutes.createRecordingUpload;
    const response = await this.send(route.method, this.urlOf(routePath(route)), headers);
    if (response.status === 409) return 'exists';
    await this.expect(response, [201]);
    return 'created';
  }

  /** Appends `body` at `offset`; `uploadLength` declares the final length of a deferred upload. */
  async patch(recordingId: string, offset: number, body: Buffer, uploadLength?: number): Promise<RemoteUpload> {
    // One native hash serves both the tus checksum (base64) and the signature's body hash (hex).
    const digest = createHash('sha256').update(body).digest();
    const headers: Record<string, string> = {
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      'upload-checksum': `sha256 ${digest.toString('base64')}`,
      ...(uploadLength === undefined ? {} : { 'upload-length': String(uploadLength) }),
    };
    const route = apiRoutes.appendRecordingUpload;
    const url = this.urlOf(routePath(route, { recordingId }));
    const response = await this.send(route.method, url, headers, body, digest.toString('hex'));
    await this.expect(response, [204]);
    const remote = this.remoteFrom(response);
    return { ...remote, length: remote.length ?? uploadLength ?? null };
  }

  private remoteFrom(response: Response): RemoteUpload {
    const offset = Number(response.headers.get('upload-offset'));
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new TusRequestError(response.status, 'The service sent no valid Upload-Offset');
    }
    const length = response.headers.get('upload-length');
    const durable = response.headers.get(DURABLE_OFFSET_HEADER);
    return {
      offset,
      length: length === null ? null : Number(length),
      durableOffset: durable === null ? 0 : Math.min(Number(durable), offset),
      sha256: response.headers.get(RECORDING_SHA256_HEADER),
    };
  }

  private async expect(response: Response, statuses: number[]): Promise<void> {
    if (statuses.includes(response.status)) return;
    const text = await response.text().catch(() => '');
    let code: string | null = null;
    let message = text.trim() || response.statusText;
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? null;
      message = parsed.error?.message ?? message;
    } catch {
      // tus's own errors are plain text.
    }
    throw new TusRequestError(response.status, `${response.status}: ${message}`, code);
  }

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: Buffer,
    contentSha256?: string,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const now = this.clock.now();
      const signed = signRequestHeaders({
        scheme: SHARED_KEY_V2_SCHEME,
        keyId: this.options.credentials.keyId,
        secretKey: this.options.credentials.secretKey,
        method,
        // A full URL: SharedKeyV2 signs its path, query and the Host fetch sends.
        url,
        body,
        contentSha256,
        now,
      });
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: { ...headers, ...signed, 'tus-resumable': TUS_VERSION },
          ...(body && body.byteLength > 0 ? { body } : {}),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 120_000),
        });
      } catch (error) {
        throw new TusRequestError(null, `${method} ${url} failed: ${(error as Error).message}`);
      }
      if (response.status === 403 && attempt === 0 && (await this.learnSkew(response))) continue;
      return response;
    }
  }

  /** After a clock_skew refusal, aligns with the service's Date header and says whether to retry. */
  private async learnSkew(response: Response): Promise<boolean> {
    const served = response.headers.get('date');
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    if (!served || !text.includes('clock_skew')) return false;
    this.clock.updateFromHttpDate(served, Date.now());
    return true;
  }
}
