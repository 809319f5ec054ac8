import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyVault } from '../../../main/keyring/key-vault';
import { describePersistence } from '../../../main/keyring/safe-storage';
import { createTestSafeStorage } from '../../support/recordings-safe-storage';

const credentials = {
  sessionId: '0b5f3c8e-1111-4222-8333-444455556666',
  serviceUrl: 'http://127.0.0.1:1',
  keyId: 'sk_1',
  secretKey: 'a-secret-that-must-not-touch-the-disk-in-clear',
};

describe('session vault', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-vault-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('persists secrets through a keyring-backed safeStorage, never in clear', async () => {
    const safeStorage = createTestSafeStorage('gnome_libsecret');
    const first = new KeyVault(directory, safeStorage, 'linux');
    expect(first.persistence.persisted).toBe(true);
    const opened = await first.open(credentials);
    const file = await readFile(join(directory, `${credentials.sessionId}.vault`));
    expect(file.includes(Buffer.from(credentials.secretKey))).toBe(false);
    expect(file.includes(Buffer.from(opened.dataKey.toString('base64')))).toBe(false);

    const afterRestart = new KeyVault(directory, safeStorage, 'linux');
    const loaded = await afterRestart.get(credentials.sessionId);
    expect(loaded?.secretKey).toBe(credentials.secretKey);
    expect(loaded?.dataKey.equals(opened.dataKey)).toBe(true);
  });

  it('keeps the data key when the session is opened again with new credentials', async () => {
    const vault = new KeyVault(directory, createTestSafeStorage(), 'linux');
    const opened = await vault.open(credentials);
    const reopened = await vault.open({ ...credentials, keyId: 'sk_2' });
    expect(reopened.dataKey.equals(opened.dataKey)).toBe(true);
    expect(reopened.keyId).toBe('sk_2');
  });

  it('keeps secrets in memory only when the Linux backend is basic_text', async () => {
    const safeStorage = createTestSafeStorage('basic_text');
    const vault = new KeyVault(directory, safeStorage, 'linux');
    expect(vault.persistence).toEqual({ persisted: false, reason: expect.stringContaining('basic_text') });
    await vault.open(credentials);
    expect(await vault.get(credentials.sessionId)).not.toBeNull();
    expect(await readdir(directory)).toEqual([]);
    expect(safeStorage.encryptCalls).toBe(0);
    expect(await new KeyVault(directory, safeStorage, 'linux').get(credentials.sessionId)).toBeNull();
  });

  it('decides persistence from availability and platform', () => {
    expect(describePersistence(null, 'linux').persisted).toBe(false);
    expect(
      describePersistence({ ...createTestSafeStorage(), isEncryptionAvailable: () => false }, 'win32').persisted,
    ).toBe(false);
    expect(describePersistence(createTestSafeStorage('unknown'), 'linux').persisted).toBe(false);
    expect(describePersistence(createTestSafeStorage('kwallet6'), 'linux').persisted).toBe(true);
    expect(describePersistence(createTestSafeStorage('basic_text'), 'darwin').persisted).toBe(true);
  });

  it('refuses a session id that could name a path outside its directory', async () => {
    const vault = new KeyVault(directory, createTestSafeStorage(), 'linux');
    await expect(vault.open({ ...credentials, sessionId: '../escape' })).rejects.toThrow(/Invalid session id/);
  });
});
