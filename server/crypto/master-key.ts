/**
 * The master key that encrypts account and session secrets at rest. From VIGIL_MASTER_KEY
 * (64 hex characters or base64 of 32 bytes) or else `<dataDir>/master.key`, created once with mode 0600.
 * Instances sharing one PostgreSQL database must share the key: set VIGIL_MASTER_KEY on all of them.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFileExclusivelySync } from '../../shared/node/durable-fs';
import { ensurePrivateDirectory } from '../lib/private-files';

export const MASTER_KEY_FILE_NAME = 'master.key';
const KEY_BYTES = 32;

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.byteLength !== KEY_BYTES) {
    throw new Error('The master key must be 32 bytes: 64 hex characters or base64 of 32 bytes');
  }
  return key;
}

export interface MasterKeySource {
  key: Buffer;
  source: 'option' | 'file' | 'created';
}

export function loadMasterKey(dataDir: string, configured?: string): MasterKeySource {
  if (configured) return { key: parseMasterKey(configured), source: 'option' };
  ensurePrivateDirectory(dataDir);
  const file = join(dataDir, MASTER_KEY_FILE_NAME);
  try {
    // Exclusive and atomic: two processes starting at once must not both write a key (the loser
    // reads the winner's), and a crash mid-write must not leave a short key that locks every secret away.
    createFileExclusivelySync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, 0o600);
    chmodSync(file, 0o600);
    return { key: parseMasterKey(readFileSync(file, 'utf8')), source: 'created' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { key: parseMasterKey(readFileSync(file, 'utf8')), source: 'file' };
}
