/**
 * AES-256-GCM for spooled chunks. Each chunk is sealed on its own (fresh 96-bit IV) with the
 * recording id and sequence number as associated data, so a chunk moved to another place in the
 * spool, or to another recording, fails authentication just like a flipped bit does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed chunk adds to its plaintext (IV in front, tag behind). */
export const SEAL_OVERHEAD_BYTES = IV_BYTES + TAG_BYTES;

export class ChunkAuthenticationError extends Error {
  constructor(recordingId: string, sequence: number) {
    super(`Spooled chunk ${sequence} of recording ${recordingId} failed authentication (tampered or corrupt)`);
    this.name = 'ChunkAuthenticationError';
  }
}

export function createDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

function associatedData(recordingId: string, sequence: number): Buffer {
  return Buffer.from(`vigil-spool-v1:${recordingId}:${sequence}`, 'utf8');
}

/** IV ‖ ciphertext ‖ tag. */
export function sealChunk(key: Buffer, recordingId: string, sequence: number, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(recordingId, sequence));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function openChunk(key: Buffer, recordingId: string, sequence: number, sealed: Uint8Array): Buffer {
  if (sealed.byteLength < SEAL_OVERHEAD_BYTES) throw new ChunkAuthenticationError(recordingId, sequence);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.byteLength - TAG_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(associatedData(recordingId, sequence));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new ChunkAuthenticationError(recordingId, sequence);
  }
}
