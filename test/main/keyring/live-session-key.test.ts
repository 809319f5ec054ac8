import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyVault } from '../../../main/keyring/key-vault';
import { FakeSafeStorage } from '../../mocks/electron';

const credentials = { sessionId: 's1', keyId: 'k1', secretKey: 'super-secret-session-key' };

describe('key vault: the live session key (crash recovery)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-vault-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the session key only sealed by safeStorage, and forgets it on request', async () => {
    const path = join(dir, 'session.sealed');
    const vault = new KeyVault(dir, new FakeSafeStorage(), 'linux', { livePath: path });
    expect(await vault.keepLive(credentials)).toBe(true);
    expect((await readFile(path)).toString()).not.toContain('super-secret');
    expect(await vault.loadLive()).toEqual(credentials);
    await vault.keepLive(null);
    expect(await vault.loadLive()).toBeNull();
  });

  it("writes nothing where safeStorage would be plain text (Linux 'basic_text') or unavailable", async () => {
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    const path = join(dir, 'session.sealed');
    const linux = new KeyVault(dir, basic, 'linux', { livePath: path });
    expect(linux.persistence.persisted).toBe(false);
    expect(await linux.keepLive(credentials)).toBe(false);
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });

    const unavailable = new FakeSafeStorage();
    unavailable.available = false;
    expect(new KeyVault(dir, unavailable, 'win32', { livePath: path }).persistence.persisted).toBe(false);
    // The Linux-only backend question is not asked elsewhere.
    expect(new KeyVault(dir, basic, 'darwin', { livePath: path }).persistence.persisted).toBe(true);
  });
});
