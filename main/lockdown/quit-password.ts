/**
 * The proctor's quit password, checked against the policy's scrypt hash (format in shared/quit-password):
 * `scrypt$<N>$<saltB64>$<hashB64>`, r = 8, p = 1, key length = the stored hash's length.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { QUIT_PASSWORD_PATTERN } from '../../shared/quit-password';

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
/** Costs above this would let a hostile policy stall the main process. */
const MAX_COST = 2 ** 20;

function derive(password: string, salt: Buffer, cost: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * cost * BLOCK_SIZE },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashQuitPassword(password: string, cost = 2 ** 14): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, 32);
  return `scrypt$${cost}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password, a missing or malformed hash, or an unreasonable cost. */
export async function verifyQuitPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (!stored || !QUIT_PASSWORD_PATTERN.test(stored)) return false;
  const [, costText, saltText, hashText] = stored.split('$');
  const cost = Number(costText);
  if (!Number.isInteger(cost) || cost < 2 || cost > MAX_COST || (cost & (cost - 1)) !== 0) return false;
  const expected = Buffer.from(hashText!, 'base64');
  if (expected.byteLength < 16 || expected.byteLength > 128) return false;
  const actual = await derive(password, Buffer.from(saltText!, 'base64'), cost, expected.byteLength);
  return timingSafeEqual(actual, expected);
}
