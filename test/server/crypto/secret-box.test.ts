/** Secrets at rest: AES-256-GCM under the master key, bound to their purpose; the key file is private. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MASTER_KEY_FILE_NAME, loadMasterKey, parseMasterKey } from '../../../server/crypto/master-key';
import { SecretBox } from '../../../server/crypto/secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const secret = 'c726db89acbe39f5b2fb0b8fc7b3cc9ac492eb6ad10a51a0ce70578ac608aa7b';

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal(secret, 'account-secret');
    const b = box.seal(secret, 'account-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(box.open(a, 'account-secret')).toBe(secret);
  });

  it('refuses a tampered value, another purpose and another key', () => {
    const sealed = box.seal(secret, 'account-secret');
    const [format, iv, tag, ciphertext] = sealed.split(':');
    const flipped = Buffer.from(ciphertext!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([format, iv, tag, flipped.toString('base64')].join(':'), 'account-secret')).toThrow();
    expect(() => box.open(sealed, 'session-secret')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'account-secret')).toThrow();
  });
});

describe('master key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-master-key-'));
    dirs.push(dir);
    return dir;
  };

  it('is created once in the data directory with mode 0600, then reused', () => {
    const dir = tempDir();
    const created = loadMasterKey(dir);
    expect(created.source).toBe('created');
    expect(statSync(join(dir, MASTER_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, MASTER_KEY_FILE_NAME), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = loadMasterKey(dir);
    expect(again.source).toBe('file');
    expect(again.key.equals(created.key)).toBe(true);
  });

  it('comes from VIGIL_MASTER_KEY as hex or base64 of 32 bytes, else is refused', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseMasterKey('too-short')).toThrow(/32 bytes/);
    const dir = tempDir();
    expect(loadMasterKey(dir, key.toString('hex'))).toMatchObject({ source: 'option' });
    expect(() => statSync(join(dir, MASTER_KEY_FILE_NAME))).toThrow();
  });
});
