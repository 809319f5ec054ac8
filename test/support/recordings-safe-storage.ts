/**
 * A stand-in for Electron's `safeStorage` (the one native API these tests replace): AES-GCM under a
 * fixed test key, reporting a real keyring backend so the vault persists. Works across processes.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/keyring/safe-storage';

const TEST_KEY = createHash('sha256').update('vigil test keyring').digest();

export function createTestSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike & { encryptCalls: number } {
  const storage = {
    encryptCalls: 0,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plainText: string) => {
      storage.encryptCalls += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', TEST_KEY, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    decryptStringAsync: async (encrypted: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', TEST_KEY, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(encrypted.byteLength - 16));
      const plain = Buffer.concat([
        decipher.update(encrypted.subarray(12, encrypted.byteLength - 16)),
        decipher.final(),
      ]);
      return { result: plain.toString('utf8') };
    },
  };
  return storage;
}
