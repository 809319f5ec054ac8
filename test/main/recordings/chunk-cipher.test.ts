import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChunkAuthenticationError,
  createDataKey,
  openChunk,
  SEAL_OVERHEAD_BYTES,
  sealChunk,
} from '../../../main/recordings/chunk-cipher';

describe('chunk cipher (AES-256-GCM)', () => {
  const key = createDataKey();
  const recordingId = '6f1c1d3e-0000-4000-8000-000000000001';

  it('round-trips a chunk and hides its plaintext', () => {
    const plaintext = Buffer.from('WebM bytes '.repeat(500));
    const sealed = sealChunk(key, recordingId, 3, plaintext);
    expect(sealed.byteLength).toBe(plaintext.byteLength + SEAL_OVERHEAD_BYTES);
    expect(sealed.includes(Buffer.from('WebM bytes'))).toBe(false);
    expect(openChunk(key, recordingId, 3, sealed).equals(plaintext)).toBe(true);
  });

  it('uses a fresh IV each time, so equal chunks seal differently', () => {
    const plaintext = randomBytes(64);
    expect(sealChunk(key, recordingId, 0, plaintext).equals(sealChunk(key, recordingId, 0, plaintext))).toBe(false);
  });

  it('detects a flipped bit anywhere in the sealed chunk', () => {
    const sealed = sealChunk(key, recordingId, 1, randomBytes(1000));
    for (const position of [0, 11, 12, 500, sealed.byteLength - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[position]! ^= 0x01;
      expect(() => openChunk(key, recordingId, 1, tampered)).toThrow(ChunkAuthenticationError);
    }
  });

  it('refuses a chunk moved to another sequence or recording, a truncated chunk and the wrong key', () => {
    const sealed = sealChunk(key, recordingId, 5, randomBytes(100));
    expect(() => openChunk(key, recordingId, 6, sealed)).toThrow(ChunkAuthenticationError);
    expect(() => openChunk(key, '6f1c1d3e-0000-4000-8000-000000000002', 5, sealed)).toThrow(ChunkAuthenticationError);
    expect(() => openChunk(key, recordingId, 5, sealed.subarray(0, 20))).toThrow(ChunkAuthenticationError);
    expect(() => openChunk(createDataKey(), recordingId, 5, sealed)).toThrow(ChunkAuthenticationError);
  });
});
