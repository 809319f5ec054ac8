/**
 * The service's Ed25519 key that signs every answer to a session key (X-Vigil-Response-Signature).
 * Unlike the response MAC, whose keys the candidate's machine holds, the private key never leaves
 * the service: a client build that pins the public key cannot be fooled by a proxy on the candidate's
 * own machine. From VIGIL_RESPONSE_SIGNING_KEY (the 32-byte seed, 64 hex characters or base64) or
 * else `<dataDir>/response-signing.key`, created once with mode 0600. Instances sharing one database
 * must share it. `service response-key` prints the public key to pin.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFileExclusivelySync } from '../../shared/node/durable-fs';

export const RESPONSE_SIGNING_KEY_FILE_NAME = 'response-signing.key';
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface ResponseSigner {
  /** Base64 of the raw 32-byte Ed25519 public key: what a client build pins. */
  publicKey: string;
  /** Base64 Ed25519 signature of the UTF-8 message. */
  sign(message: string): string;
}

function parseSeed(text: string): Buffer {
  const trimmed = text.trim();
  const seed = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (seed.byteLength !== 32) {
    throw new Error('The response signing key must be a 32-byte seed: 64 hex characters or base64 of 32 bytes');
  }
  return seed;
}

function signerFromSeed(seed: Buffer): ResponseSigner {
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    publicKey: spki.subarray(spki.byteLength - 32).toString('base64'),
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

export function loadResponseSigner(dataDir: string, configured?: string): ResponseSigner {
  if (configured) return signerFromSeed(parseSeed(configured));
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, RESPONSE_SIGNING_KEY_FILE_NAME);
  try {
    // Exclusive and atomic, like the master key: two instances starting at once agree on one key.
    createFileExclusivelySync(file, `${randomBytes(32).toString('hex')}\n`, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return signerFromSeed(parseSeed(readFileSync(file, 'utf8')));
}
