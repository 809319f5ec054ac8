/**
 * The recordings machinery of one app run: the session vault, the spool (replayed from its
 * journals) and the uploader. `resumePendingUploads` is the first thing the main process does on
 * start: whatever a crash or a closed lid left in the spool starts uploading before any window opens.
 */
import { join } from 'node:path';
import type { UploadProgress } from '../../shared/ipc/contract';
import type { BackoffPolicy } from '../../shared/retry/backoff';
import type { Logger } from '../logger';
import { SessionVault, type SafeStorageLike } from './session-vault';
import { Spool, type SpoolRecovery } from './spool';
import { Uploader } from './uploader';

export interface RecordingsRuntimeOptions {
  /** `<userData>/spool`: recordings and the session vault live under it. */
  spoolDirectory: string;
  /** Electron's safeStorage (null where there is none, e.g. the plain-Node preview host). */
  safeStorage: SafeStorageLike | null;
  log: Logger;
  platform?: NodeJS.Platform;
  /** The service's clock, if the caller knows better than ours. */
  now?: () => Date;
  segmentBytes?: number;
  maxPatchBytes?: number;
  backoff?: BackoffPolicy;
  insufficientStorageDelayMs?: number;
  onProgress?: (progress: UploadProgress) => void;
}

export interface RecordingsRuntime {
  spool: Spool;
  vault: SessionVault;
  uploader: Uploader;
  recovery: SpoolRecovery;
  options: RecordingsRuntimeOptions;
  close(): Promise<void>;
}

export async function resumePendingUploads(options: RecordingsRuntimeOptions): Promise<RecordingsRuntime> {
  const vault = new SessionVault(join(options.spoolDirectory, 'sessions'), options.safeStorage, options.platform);
  if (!vault.persistence.persisted) {
    options.log.warn('recording keys stay in memory only: spooled data will not survive a crash', {
      reason: vault.persistence.reason,
    });
  }
  const { spool, recovery } = await Spool.open({
    directory: options.spoolDirectory,
    vault,
    ...(options.segmentBytes ? { segmentBytes: options.segmentBytes } : {}),
  });
  for (const discarded of recovery.discarded) options.log.warn('spooled recording discarded', discarded);
  if (recovery.recovered.length > 0) {
    options.log.info('recordings interrupted by a crash will be uploaded', { recordings: recovery.recovered });
  }
  const uploader = new Uploader({
    spool,
    vault,
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxPatchBytes ? { maxPatchBytes: options.maxPatchBytes } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.insufficientStorageDelayMs !== undefined
      ? { insufficientStorageDelayMs: options.insufficientStorageDelayMs }
      : {}),
  });
  if (options.onProgress) uploader.on('progress', options.onProgress);
  uploader.start();
  await forgetFinishedSessions(vault, spool);
  return {
    spool,
    vault,
    uploader,
    recovery,
    options,
    async close() {
      await uploader.stop();
      await spool.close();
    },
  };
}

/** At start no session is live yet: keys of sessions with nothing left to upload can go. */
async function forgetFinishedSessions(vault: SessionVault, spool: Spool): Promise<void> {
  const pending = new Set(spool.recordings().map((recording) => recording.sessionId));
  for (const sessionId of await vault.persistedSessionIds()) {
    if (!pending.has(sessionId)) await vault.forget(sessionId);
  }
}
