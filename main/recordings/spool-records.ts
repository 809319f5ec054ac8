/** What the per-recording journal holds, one record per line (see journal-file.ts). */
import { z } from 'zod';
import { recordingKindSchema } from '../../shared/api/recordings';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const byteCount = z.number().int().min(0);

export const beginRecordSchema = z.object({
  type: z.literal('begin'),
  recordingId: z.string(),
  sessionId: z.string(),
  kind: recordingKindSchema,
  mimeType: z.string(),
  startedAt: z.string(),
});

/** One chunk from the renderer: where its sealed bytes sit and which plaintext bytes of the recording it holds. */
export const chunkRecordSchema = z.object({
  type: z.literal('chunk'),
  recordingId: z.string(),
  kind: recordingKindSchema,
  sequence: z.number().int().min(0),
  segment: z.number().int().min(1),
  segmentOffset: byteCount,
  storedBytes: byteCount,
  /** Plaintext byte range [start, end) within the recording. */
  start: byteCount,
  end: byteCount,
  sha256: sha256Hex,
});

export const endRecordSchema = z.object({
  type: z.literal('end'),
  recordingId: z.string(),
  totalBytes: byteCount,
  /** SHA-256 of the whole recording when this process saw every chunk; null after a crash recovery. */
  sha256: sha256Hex.nullable(),
  recovered: z.boolean(),
});

/** The service holds the recording's bytes up to `offset`, each PATCH hash-checked. */
export const confirmedRecordSchema = z.object({
  type: z.literal('confirmed'),
  recordingId: z.string(),
  offset: byteCount,
});

export const spoolRecordSchema = z.discriminatedUnion('type', [
  beginRecordSchema,
  chunkRecordSchema,
  endRecordSchema,
  confirmedRecordSchema,
]);
export type SpoolRecord = z.infer<typeof spoolRecordSchema>;
export type BeginRecord = z.infer<typeof beginRecordSchema>;
export type ChunkRecord = z.infer<typeof chunkRecordSchema>;
