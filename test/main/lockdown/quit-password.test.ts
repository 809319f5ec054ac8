import { describe, expect, it } from 'vitest';
import { hashQuitPassword, verifyQuitPassword } from '../../../main/lockdown/quit-password';
import { QUIT_PASSWORD_PATTERN } from '../../../shared/quit-password';

describe('quit password', () => {
  it('hashes in the shared format and verifies only the right password', async () => {
    const hash = await hashQuitPassword('Proctor 2024!', 2 ** 10);
    expect(hash).toMatch(QUIT_PASSWORD_PATTERN);
    expect(await verifyQuitPassword('Proctor 2024!', hash)).toBe(true);
    expect(await verifyQuitPassword('proctor 2024!', hash)).toBe(false);
    expect(await verifyQuitPassword('', hash)).toBe(false);
  });

  it('refuses without a hash, with a malformed one, or with an unreasonable cost', async () => {
    expect(await verifyQuitPassword('x', undefined)).toBe(false);
    expect(await verifyQuitPassword('x', 'sha256$abc')).toBe(false);
    const hash = await hashQuitPassword('x', 2 ** 10);
    const [, , salt, key] = hash.split('$');
    expect(await verifyQuitPassword('x', `scrypt$${2 ** 24}$${salt}$${key}`)).toBe(false);
    expect(await verifyQuitPassword('x', `scrypt$1000$${salt}$${key}`)).toBe(false); // not a power of two
  });
});
