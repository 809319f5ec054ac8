/**
 * The OS keychain as the vault sees it (Electron's safeStorage satisfies the port), and the one
 * decision whether it protects anything. On Linux without a keyring Electron falls back to
 * `basic_text`, a hard-coded key that is no protection at all: there nothing is written to disk.
 */

/** The part of Electron's `safeStorage` the vault uses (Electron's object satisfies it). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

export interface VaultPersistence {
  persisted: boolean;
  reason: string;
}

/** Backends that would store a key readable by anyone with the file. */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown']);

/** Decides whether safeStorage gives real protection on this machine. */
export function describePersistence(safeStorage: SafeStorageLike | null, platform: NodeJS.Platform): VaultPersistence {
  if (!safeStorage) return { persisted: false, reason: 'safeStorage is not available in this process' };
  if (!safeStorage.isEncryptionAvailable()) return { persisted: false, reason: 'safeStorage reports no encryption' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (PLAIN_TEXT_BACKENDS.has(backend)) {
      return { persisted: false, reason: `safeStorage backend is ${backend}: no keyring protects the key` };
    }
    return { persisted: true, reason: `safeStorage backend ${backend}` };
  }
  return { persisted: true, reason: `safeStorage on ${platform}` };
}
