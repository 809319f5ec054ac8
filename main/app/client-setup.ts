/**
 * The setup sequence, written once for the desktop client (main/index.ts) and the browser preview
 * (main/preview/preview-launcher.ts): the recordings come first, so an upload a crash interrupted
 * resumes before anything else, then the composition root with the recordings plugged in.
 */
import { join } from 'node:path';
import type { SafeStorageLike } from '../keyring/safe-storage';
import type { SessionKey } from '../keyring/session-key';
import { consoleLogger } from '../logger';
import { resumePendingUploads, type RecordingsRuntime } from '../recordings/recordings-runtime';
import { createNodeDeps, type NodeDeps, type NodeDepsOptions } from './composition-root';

export interface ClientSetupOptions extends Omit<NodeDepsOptions, 'recordingsRuntime'> {
  /** Electron's safeStorage; null in plain Node, where every key stays in memory (docs/recordings.md). */
  safeStorage: SafeStorageLike | null;
  /** Where the live session's key is kept for crash recovery; without it nothing outlives the run. */
  liveKeyPath?: string;
}

export interface ClientSetup {
  deps: NodeDeps;
  recordings: RecordingsRuntime;
  /** The session key a previous run kept for crash recovery (null without `liveKeyPath`). */
  keptSession(): Promise<SessionKey | null>;
  forgetKeptSession(): Promise<unknown>;
  /** Stops the handlers' dependencies, then the uploader and the spool. */
  close(): Promise<void>;
}

export async function setUpClient(options: ClientSetupOptions): Promise<ClientSetup> {
  const { safeStorage, liveKeyPath, ...nodeOptions } = options;
  const log = options.log ?? consoleLogger;
  const recordings = await resumePendingUploads({
    spoolDirectory: join(options.dataDir, 'spool'),
    safeStorage,
    log,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(liveKeyPath ? { liveKeyPath } : {}),
  });
  const keepForRecovery = async (key: SessionKey | null) => {
    if (!liveKeyPath) return;
    await recordings.vault
      .keepLive(key)
      .catch((error: unknown) => log.warn('credentials not kept', { error: String(error) }));
  };
  const deps = createNodeDeps({
    ...nodeOptions,
    recordingsRuntime: recordings,
    persistCredentials: async (key) => {
      await keepForRecovery(key);
      await options.persistCredentials?.(key);
    },
  });
  return {
    deps,
    recordings,
    keptSession: async () => (liveKeyPath ? recordings.vault.loadLive() : null),
    forgetKeptSession: () => recordings.vault.keepLive(null),
    async close() {
      await deps.dispose();
      await recordings.close();
    },
  };
}
