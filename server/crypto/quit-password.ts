/**
 * Each session's own quit password and its verifier in shared/quit-password's format
 * (`scrypt$<N>$<saltB64>$<hashB64>`, r = 8, p = 1), which the client's main/lockdown/quit-password.ts
 * checks. scrypt is memory-hard: 16 MiB per guess, so a verifier copied off a candidate's machine
 * cannot be searched cheaply, and it only ever opens that one session.
 */
import { randomBytes, randomInt, scrypt } from 'node:crypto';

/** 2^14 × 128 × r = 16 MiB per derivation. */
export const QUIT_PASSWORD_COST = 2 ** 14;
const BLOCK_SIZE = 8;

/** 16 digits in groups of four (53 bits): read out and typed without confusion between 0/O or l/1. */
export function generateQuitPassword(): string {
  const digits = Array.from({ length: 16 }, () => String(randomInt(10))).join('');
  return digits.match(/.{4}/g)!.join('-');
}

export function hashQuitPassword(password: string, cost = QUIT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      32,
      { N: cost, r: BLOCK_SIZE, p: 1, maxmem: 256 * cost * BLOCK_SIZE },
      (error, key) =>
        error ? reject(error) : resolve(`scrypt$${cost}$${salt.toString('base64')}$${key.toString('base64')}`),
    );
  });
}
