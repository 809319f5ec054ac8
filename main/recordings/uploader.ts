/**
 * Uploads every spooled recording over tus, from the journal, while the exam runs and after it.
 * One worker per recording: it asks the service where the upload stands (HEAD), sends what the
 * spool holds beyond that (PATCH, one chunk or a few), and lets the spool delete what the service
 * reports durable. Any failure — network, 5xx, 507, a 409 after a lost response, a 460 after a
 * damaged body — ends in a fresh HEAD and a resend from the service's offset; nothing is deleted
 * locally that the service has not confirmed with its hash check.
 */
import { EventEmitter } from 'node:events';
import type { UploadProgress } from '../../shared/ipc/contract';
import { backoffDelay, type BackoffPolicy } from '../../shared/retry/backoff';
import { sleep } from '../../shared/retry/sleep';
import type { Logger } from '../logger';
import type { ServiceClock } from '../core/service-clock';
import type { KeyVault } from '../keyring/key-vault';
import { SpoolError, type RecordingSnapshot, type Spool } from './spool';
import { TusClient, TusRequestError, type RemoteUpload } from './tus-client';
import { describeProgress, UploadRateMeter } from './upload-progress';

export const DEFAULT_MAX_PATCH_BYTES = 8 * 1024 * 1024;

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

export interface UploaderOptions {
  spool: Spool;
  vault: KeyVault;
  log: Logger;
  /** The service's clock, shared with the API client (signed requests must be within 15 minutes of it). */
  clock?: ServiceClock;
  maxPatchBytes?: number;
  backoff?: BackoffPolicy;
  /** A full disk on the service is not fixed in a second: wait at least this long (default 5 s). */
  insufficientStorageDelayMs?: number;
  requestTimeoutMs?: number;
}

interface RecordingUploadState {
  totalBytes: number;
  uploadedBytes: number;
  complete: boolean;
}

type UploaderEvents = {
  progress: [UploadProgress];
  /** A recording the service holds completely (its SHA-256 as the service computed it). */
  uploaded: [{ recordingId: string; sessionId: string; sha256: string | null; bytes: number }];
  failed: [{ recordingId: string; reason: string }];
};

export class Uploader extends EventEmitter<UploaderEvents> {
  private readonly workers = new Map<string, Promise<void>>();
  private readonly states = new Map<string, RecordingUploadState>();
  private readonly meter = new UploadRateMeter();
  private readonly stopper = new AbortController();
  private readonly clients = new Map<string, TusClient>();
  private online = true;
  private idleWaiters: (() => void)[] = [];
  private readonly onSpoolChange = (recordingId: string) => this.ensureWorker(recordingId);

  constructor(private readonly options: UploaderOptions) {
    super();
  }

  /** Starts a worker for every recording in the spool, now and as new ones begin. */
  start(): void {
    this.options.spool.on('changed', this.onSpoolChange);
    for (const recording of this.options.spool.recordings()) this.ensureWorker(recording.recordingId);
  }

  async stop(): Promise<void> {
    this.options.spool.off('changed', this.onSpoolChange);
    this.stopper.abort();
    await Promise.all(this.workers.values());
  }

  progress(): UploadProgress {
    let totalBytes = 0;
    let uploadedBytes = 0;
    for (const state of this.states.values()) {
      totalBytes += state.totalBytes;
      uploadedBytes += state.uploadedBytes;
    }
    return describeProgress({
      totalBytes,
      uploadedBytes,
      bytesPerSecond: this.meter.bytesPerSecond(),
      done: this.isIdle(),
      online: this.online,
    });
  }

  /** Resolves once every spooled recording has ended and reached the service completely. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.options.spool.recordings().length === 0;
  }

  private ensureWorker(recordingId: string): void {
    if (this.workers.has(recordingId) || this.stopper.signal.aborted) return;
    const snapshot = this.options.spool.snapshot(recordingId);
    if (!snapshot) return;
    const worker = this.run(snapshot).finally(() => {
      this.workers.delete(recordingId);
      this.publish();
    });
    this.workers.set(recordingId, worker);
  }

  private publish(): void {
    this.emit('progress', this.progress());
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async clientFor(sessionId: string): Promise<TusClient | null> {
    const cached = this.clients.get(sessionId);
    if (cached) return cached;
    const credentials = await this.options.vault.get(sessionId);
    if (!credentials) return null;
    const client = new TusClient({
      credentials,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
    });
    this.clients.set(sessionId, client);
    return client;
  }

  /** Waits until the spool has more of this recording than `offset`, or it ended, or we stop. */
  private waitForSpool(recordingId: string, seen: RecordingSnapshot): Promise<void> {
    const { spool } = this.options;
    return new Promise((resolve) => {
      const check = (changed: string) => {
        if (changed !== recordingId) return;
        const now = spool.snapshot(recordingId);
        if (!now || now.spooledBytes > seen.spooledBytes || now.ended !== seen.ended) done();
      };
      const done = () => {
        spool.off('changed', check);
        this.stopper.signal.removeEventListener('abort', done);
        resolve();
      };
      spool.on('changed', check);
      this.stopper.signal.addEventListener('abort', done, { once: true });
      check(recordingId);
    });
  }

  private async run(first: RecordingSnapshot): Promise<void> {
    const { spool, log } = this.options;
    const { recordingId } = first;
    const signal = this.stopper.signal;
    const state: RecordingUploadState = this.states.get(recordingId) ?? {
      totalBytes: first.spooledBytes,
      uploadedBytes: first.confirmedOffset,
      complete: false,
    };
    this.states.set(recordingId, state);
    const client = await this.clientFor(first.sessionId);
    if (!client) {
      this.emit('failed', { recordingId, reason: `no credentials for session ${first.sessionId}` });
      return;
    }
    const maxPatchBytes = this.options.maxPatchBytes ?? DEFAULT_MAX_PATCH_BYTES;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    // Full jitter (never under half the base), so many clients coming back online do not retry in step.
    const backoff: BackoffPolicy = { jitter: 'full', minMs: policy.baseMs / 2, ...policy };
    let remote: RemoteUpload | null = null;
    let failures = 0;

    while (!signal.aborted) {
      const snapshot = spool.snapshot(recordingId);
      if (!snapshot) return;
      state.totalBytes = snapshot.spooledBytes;
      try {
        if (!remote) {
          remote = await client.head(recordingId);
          if (!remote) {
            if (snapshot.confirmedOffset > 0) {
              throw new SpoolError('data_lost', `The service no longer has upload ${recordingId}`);
            }
            await client.create({
              recordingId,
              kind: snapshot.kind,
              mimeType: snapshot.mimeType,
              startedAt: snapshot.startedAt,
              length: snapshot.ended ? snapshot.spooledBytes : null,
            });
            continue;
          }
          this.setOnline(true);
        }
        this.acknowledge(state, remote.offset);
        if (remote.durableOffset > snapshot.confirmedOffset) await spool.confirm(recordingId, remote.durableOffset);

        const total = snapshot.spooledBytes;
        if (snapshot.ended && remote.length === total && remote.offset === total) {
          await this.finish(snapshot, remote, state);
          return;
        }
        const declareLength = snapshot.ended && remote.length === null ? total : undefined;
        if (remote.offset < total || declareLength !== undefined) {
          const body =
            remote.offset < total ? await spool.read(recordingId, remote.offset, maxPatchBytes) : Buffer.alloc(0);
          const last = snapshot.ended && remote.offset + body.byteLength === total;
          const knownLength: number | null = remote.length;
          remote = await client.patch(recordingId, remote.offset, body, last ? declareLength : undefined);
          // PATCH responses do not repeat Upload-Length: keep the one HEAD reported.
          remote = { ...remote, length: remote.length ?? knownLength };
          failures = 0;
          this.setOnline(true);
          continue;
        }
        await this.waitForSpool(recordingId, snapshot);
      } catch (error) {
        remote = null;
        if (error instanceof SpoolError && (error.code === 'data_lost' || error.code === 'corrupt')) {
          log.error('recording cannot be uploaded', { recordingId, error: error.message });
          this.emit('failed', { recordingId, reason: error.message });
          return;
        }
        const status = error instanceof TusRequestError ? error.status : undefined;
        if (status === 409 || status === 460) {
          // Our idea of the offset was stale (a response was lost), or the body was damaged on the way:
          // ask again and resend. A 460 that keeps coming back is treated like any other failure.
          log.info('recording upload out of step, asking the service again', { recordingId, status });
          if (status === 409 || failures++ < 3) continue;
        } else {
          failures += 1;
        }
        if (status === null || status === undefined || status >= 500) this.setOnline(status !== null);
        const delay = Math.max(
          backoffDelay(failures, backoff),
          status === 507 ? (this.options.insufficientStorageDelayMs ?? 5000) : 0,
        );
        log.warn('recording upload failed, retrying', { recordingId, status, delayMs: delay, error: String(error) });
        await sleep(delay, signal);
      }
    }
  }

  private acknowledge(state: RecordingUploadState, offset: number): void {
    if (offset > state.uploadedBytes) {
      this.meter.add(offset - state.uploadedBytes);
      state.uploadedBytes = offset;
      this.publish();
    }
  }

  private async finish(snapshot: RecordingSnapshot, remote: RemoteUpload, state: RecordingUploadState): Promise<void> {
    if (snapshot.sha256 && remote.sha256 && snapshot.sha256 !== remote.sha256) {
      // Each PATCH was hash-checked, so this means the service's store changed the bytes afterwards.
      this.options.log.error('service holds a recording whose SHA-256 differs from what was recorded', {
        recordingId: snapshot.recordingId,
        local: snapshot.sha256,
        service: remote.sha256,
      });
    }
    state.complete = true;
    state.uploadedBytes = state.totalBytes = snapshot.spooledBytes;
    await this.options.spool.remove(snapshot.recordingId);
    this.emit('uploaded', {
      recordingId: snapshot.recordingId,
      sessionId: snapshot.sessionId,
      sha256: remote.sha256,
      bytes: snapshot.spooledBytes,
    });
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.publish();
  }
}
