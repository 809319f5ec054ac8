/**
 * Per-session secrets the spool and the uploader need after a restart: the data key that
 * encrypts spooled chunks and the session's upload credentials.
 *
 * They are written to disk only when `safeStorage` protects them with the OS keychain
 * (Keychain, DPAPI, libsecret, KWallet). On Linux without a keyring Electron falls back to
 * `basic_text`, a hard-coded key that is no protection at all; there the secrets stay in memory,
 * which means spooled data that was not yet uploaded cannot be read after a crash (see docs/recordings.md).
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { createDataKey, DATA_KEY_BYTES } from './chunk-cipher';
import { writeFileDurably } from '../../shared/node/durable-fs';

/** The part of Electron's `safeStorage` the vault uses (Electron's object satisfies it). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

export interface UploadCredentials {
  sessionId: string;
  /** The service's base URL, e.g. `https://exams.example.org`. */
  serviceUrl: string;
  keyId: string;
  secretKey: string;
}

export interface SessionSecrets extends UploadCredentials {
  dataKey: Buffer;
}

export interface VaultPersistence {
  persisted: boolean;
  reason: string;
}

const storedSecretsSchema = z.object({
  sessionId: z.string(),
  serviceUrl: z.string(),
  keyId: z.string(),
  secretKey: z.string(),
  dataKey: z.base64(),
});

/** Decides whether safeStorage gives real protection on this machine. */
export function describePersistence(safeStorage: SafeStorageLike | null, platform: NodeJS.Platform): VaultPersistence {
  if (!safeStorage) return { persisted: false, reason: 'safeStorage is not available in this process' };
  if (!safeStorage.isEncryptionAvailable()) return { persisted: false, reason: 'safeStorage reports no encryption' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return { persisted: false, reason: `safeStorage backend is ${backend}: no keyring protects the key` };
    }
    return { persisted: true, reason: `safeStorage backend ${backend}` };
  }
  return { persisted: true, reason: `safeStorage on ${platform}` };
}

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class SessionVault {
  private readonly memory = new Map<string, SessionSecrets>();
  readonly persistence: VaultPersistence;

  constructor(
    private readonly directory: string,
    private readonly safeStorage: SafeStorageLike | null,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.persistence = describePersistence(safeStorage, platform);
  }

  /** The session's secrets, created (with a fresh data key) on first use; credentials are refreshed. */
  async open(credentials: UploadCredentials): Promise<SessionSecrets> {
    assertSessionId(credentials.sessionId);
    const existing = await this.get(credentials.sessionId);
    const secrets: SessionSecrets = { ...credentials, dataKey: existing?.dataKey ?? createDataKey() };
    this.memory.set(credentials.sessionId, secrets);
    if (this.persistence.persisted && this.safeStorage) {
      const plain = JSON.stringify({ ...credentials, dataKey: secrets.dataKey.toString('base64') });
      await mkdir(this.directory, { recursive: true });
      await writeFileDurably(this.fileFor(credentials.sessionId), await this.safeStorage.encryptStringAsync(plain));
    }
    return secrets;
  }

  /** Null when the secrets were never persisted (memory-only) or cannot be decrypted any more. */
  async get(sessionId: string): Promise<SessionSecrets | null> {
    assertSessionId(sessionId);
    const cached = this.memory.get(sessionId);
    if (cached) return cached;
    if (!this.safeStorage || !this.persistence.persisted) return null;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.fileFor(sessionId));
    } catch {
      return null;
    }
    try {
      const { result } = await this.safeStorage.decryptStringAsync(sealed);
      const stored = storedSecretsSchema.parse(JSON.parse(result));
      const dataKey = Buffer.from(stored.dataKey, 'base64');
      if (dataKey.byteLength !== DATA_KEY_BYTES || stored.sessionId !== sessionId) return null;
      const secrets: SessionSecrets = { ...stored, dataKey };
      this.memory.set(sessionId, secrets);
      return secrets;
    } catch {
      return null;
    }
  }

  async forget(sessionId: string): Promise<void> {
    assertSessionId(sessionId);
    this.memory.delete(sessionId);
    await rm(this.fileFor(sessionId), { force: true });
  }

  /** Sessions with secrets on disk (for cleaning up after their recordings are gone). */
  async persistedSessionIds(): Promise<string[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith('.vault')).map((name) => name.slice(0, -'.vault'.length));
  }

  private fileFor(sessionId: string): string {
    return join(this.directory, `${sessionId}.vault`);
  }
}

function assertSessionId(sessionId: string): void {
  // The id names a file: refuse anything that could climb out of the directory.
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new Error(`Invalid session id for the vault: ${sessionId}`);
}
