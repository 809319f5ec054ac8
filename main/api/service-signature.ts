/**
 * Checks the service's Ed25519 signature on an answer against the public keys this build pins
 * (MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY, see main/build-mode). The private key never leaves the
 * service, so unlike the response MAC this holds against a proxy on the candidate's own machine.
 * Several pins allow a key rotation: old and new are both pinned for a release.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type SignatureCheck = (message: string, signature: string | undefined) => boolean;

function publicKeyOf(pin: string): KeyObject {
  const raw = Buffer.from(pin.trim(), 'base64');
  if (raw.byteLength !== 32) throw new Error(`A pinned service key must be base64 of 32 bytes: ${pin}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Null when nothing is pinned (a development build): the MAC alone is checked then. */
export function pinnedSignatureCheck(pins: readonly string[]): SignatureCheck | null {
  if (pins.length === 0) return null;
  const keys = pins.map(publicKeyOf);
  return (message, signature) => {
    if (!signature) return false;
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.byteLength !== 64) return false;
    const data = Buffer.from(message, 'utf8');
    return keys.some((key) => verify(null, data, key, bytes));
  };
}
