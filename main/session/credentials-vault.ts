/**
 * Keeps the session key across a crash, so a restarted client resumes the exam instead of losing it.
 * Only ever encrypted with safeStorage (the OS keychain / DPAPI / libsecret); where safeStorage would
 * fall back to plain text (Linux without a keyring: `basic_text`) nothing is written at all.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SessionCredentials } from './session-controller';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

const credentialsSchema = z.strictObject({ sessionId: z.string(), keyId: z.string(), secretKey: z.string() });

/** Backends that would store the key readable by anyone with the file. */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown']);

export class CredentialsVault {
  constructor(private readonly options: { path: string; safeStorage: SafeStorageLike; platform: NodeJS.Platform }) {}

  /** True only where safeStorage gives real protection. */
  canPersist(): boolean {
    const { safeStorage, platform } = this.options;
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (PLAIN_TEXT_BACKENDS.has(backend)) return false;
    }
    return true;
  }

  /** Saves (or with null, deletes) the credentials; a no-op where they cannot be protected. */
  async save(credentials: SessionCredentials | null): Promise<boolean> {
    if (credentials === null) {
      await rm(this.options.path, { force: true });
      return true;
    }
    if (!this.canPersist()) return false;
    const sealed = this.options.safeStorage.encryptString(JSON.stringify(credentials));
    await mkdir(dirname(this.options.path), { recursive: true });
    await writeFile(this.options.path, sealed, { mode: 0o600 });
    return true;
  }

  async load(): Promise<SessionCredentials | null> {
    if (!this.canPersist()) return null;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.options.path);
    } catch {
      return null;
    }
    try {
      const parsed = credentialsSchema.safeParse(JSON.parse(this.options.safeStorage.decryptString(sealed)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
