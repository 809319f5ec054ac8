/**
 * The one vault: every session key the client keeps on disk, sealed with safeStorage (the OS keychain:
 * Keychain, DPAPI, libsecret, KWallet) and only where that is real protection (safe-storage.ts).
 *
 * - Per session, what the spool and the uploader need after a restart: the data key that encrypts
 *   spooled chunks and the session's upload credentials (`<directory>/<sessionId>.vault`).
 * - The live session's key, so a restarted client resumes the exam instead of losing it (`livePath`).
 *
 * Where safeStorage would be plain text (Linux `basic_text`) the secrets stay in memory, which means
 * spooled data that was not yet uploaded cannot be read after a crash (see docs/recordings.md).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../../shared/node/durable-fs';
import { createDataKey, DATA_KEY_BYTES } from '../recordings/chunk-cipher';
import { describePersistence, type SafeStorageLike, type VaultPersistence } from './safe-storage';
import { sessionKeySchema, type SessionKey, type UploadCredentials } from './session-key';

export interface SessionSecrets extends UploadCredentials {
  dataKey: Buffer;
}

const storedSecretsSchema = z.object({
  ...sessionKeySchema.shape,
  serviceUrl: z.string(),
  dataKey: z.base64(),
});

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface KeyVaultOptions {
  /** Where the live session's key is kept for crash recovery (default `<directory>/live-session.sealed`). */
  livePath?: string;
}

export class KeyVault {
  private readonly memory = new Map<string, SessionSecrets>();
  private readonly livePath: string;
  readonly persistence: VaultPersistence;

  constructor(
    private readonly directory: string,
    private readonly safeStorage: SafeStorageLike | null,
    platform: NodeJS.Platform = process.platform,
    options: KeyVaultOptions = {},
  ) {
    this.persistence = describePersistence(safeStorage, platform);
    this.livePath = options.livePath ?? join(directory, 'live-session.sealed');
  }

  /**
   * Keeps (or with null, deletes) the live session's key for crash recovery; false, and nothing
   * written, where safeStorage cannot protect it.
   */
  async keepLive(key: SessionKey | null): Promise<boolean> {
    if (key === null) {
      await rm(this.livePath, { force: true });
      return true;
    }
    if (!this.persistence.persisted || !this.safeStorage) return false;
    const { sessionId, keyId, secretKey } = key;
    const sealed = await this.safeStorage.encryptStringAsync(JSON.stringify({ sessionId, keyId, secretKey }));
    await mkdir(dirname(this.livePath), { recursive: true });
    await writeFile(this.livePath, sealed, { mode: 0o600 });
    return true;
  }

  /** The live session's key a previous run kept, or null (none, unprotected, or unreadable). */
  async loadLive(): Promise<SessionKey | null> {
    if (!this.persistence.persisted || !this.safeStorage) return null;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.livePath);
    } catch {
      return null;
    }
    try {
      const { result } = await this.safeStorage.decryptStringAsync(sealed);
      const parsed = sessionKeySchema.safeParse(JSON.parse(result));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
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
