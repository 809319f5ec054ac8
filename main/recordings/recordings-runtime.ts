/**
 * The recordings machinery of one app run: the key vault, the spool (replayed from its journals)
 * and the uploader. `resumePendingUploads` is the first thing the main process does on
 * start: whatever a crash or a closed lid left in the spool starts uploading before any window opens.
 */
import { join } from 'node:path';
import type { UploadProgress } from '../../shared/ipc/contract';
import type { BackoffPolicy } from '../../shared/retry/backoff';
import { ServiceClock } from '../core/service-clock';
import { KeyVault } from '../keyring/key-vault';
import type { SafeStorageLike } from '../keyring/safe-storage';
import type { Logger } from '../logger';
import { Spool, type SpoolRecovery } from './spool';
import { Uploader } from './uploader';

export interface RecordingsRuntimeOptions {
  /** `<userData>/spool`: recordings and the key vault's per-session secrets live under it. */
  spoolDirectory: string;
  /** Where the vault keeps the live session's key for crash recovery (default under the spool's `sessions/`). */
  liveKeyPath?: string;
  /** Electron's safeStorage (null where there is none, e.g. the plain-Node preview host). */
  safeStorage: SafeStorageLike | null;
  log: Logger;
  platform?: NodeJS.Platform;
  /** The service's clock, shared with the API client; the runtime's own by default (`runtime.clock`). */
  clock?: ServiceClock;
  segmentBytes?: number;
  maxPatchBytes?: number;
  backoff?: BackoffPolicy;
  insufficientStorageDelayMs?: number;
  onProgress?: (progress: UploadProgress) => void;
}

export interface RecordingsRuntime {
  spool: Spool;
  vault: KeyVault;
  uploader: Uploader;
  /** The one service clock: the uploads sign with it, and the API client is given it too. */
  clock: ServiceClock;
  recovery: SpoolRecovery;
  options: RecordingsRuntimeOptions;
  close(): Promise<void>;
}

export async function resumePendingUploads(options: RecordingsRuntimeOptions): Promise<RecordingsRuntime> {
  const vault = new KeyVault(
    join(options.spoolDirectory, 'sessions'),
    options.safeStorage,
    options.platform,
    options.liveKeyPath ? { livePath: options.liveKeyPath } : {},
  );
  const clock = options.clock ?? new ServiceClock();
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
    clock,
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
    clock,
    recovery,
    options,
    async close() {
      await uploader.stop();
      await spool.close();
    },
  };
}

/** At start no session is live yet: keys of sessions with nothing left to upload can go. */
async function forgetFinishedSessions(vault: KeyVault, spool: Spool): Promise<void> {
  const pending = new Set(spool.recordings().map((recording) => recording.sessionId));
  for (const sessionId of await vault.persistedSessionIds()) {
    if (!pending.has(sessionId)) await vault.forget(sessionId);
  }
}
