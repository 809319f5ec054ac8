import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsVault } from '../../../main/session/credentials-vault';
import { FakeSafeStorage } from '../../mocks/electron';

const credentials = { sessionId: 's1', keyId: 'k1', secretKey: 'super-secret-session-key' };

describe('credentials vault (crash recovery)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-vault-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the session key only sealed by safeStorage, and forgets it on request', async () => {
    const path = join(dir, 'session.sealed');
    const vault = new CredentialsVault({ path, safeStorage: new FakeSafeStorage(), platform: 'linux' });
    expect(await vault.save(credentials)).toBe(true);
    expect((await readFile(path)).toString()).not.toContain('super-secret');
    expect(await vault.load()).toEqual(credentials);
    await vault.save(null);
    expect(await vault.load()).toBeNull();
  });

  it("writes nothing where safeStorage would be plain text (Linux 'basic_text') or unavailable", async () => {
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    const path = join(dir, 'session.sealed');
    const linux = new CredentialsVault({ path, safeStorage: basic, platform: 'linux' });
    expect(linux.canPersist()).toBe(false);
    expect(await linux.save(credentials)).toBe(false);
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });

    const unavailable = new FakeSafeStorage();
    unavailable.available = false;
    expect(new CredentialsVault({ path, safeStorage: unavailable, platform: 'win32' }).canPersist()).toBe(false);
    // The Linux-only backend question is not asked elsewhere.
    expect(new CredentialsVault({ path, safeStorage: basic, platform: 'darwin' }).canPersist()).toBe(true);
  });
});
