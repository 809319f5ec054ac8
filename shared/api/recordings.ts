/** Recording kinds and the listing the institution reads. */
import { z } from 'zod';
import { idSchema, timestampSchema } from './common';

export const RECORDING_KINDS = ['camera', 'screen', 'room'] as const;
export const recordingKindSchema = z.enum(RECORDING_KINDS);
export type RecordingKind = z.infer<typeof recordingKindSchema>;

export const recordingSchema = z.object({
  id: z.string(),
  sessionId: idSchema,
  kind: recordingKindSchema,
  sizeBytes: z.number().int(),
  durationMs: z.number().int().nullable(),
  sha256: z.string().nullable(),
  complete: z.boolean(),
  startedAt: timestampSchema,
  /** The copy with duration and cues (`?seekable=1` on the download) is ready. */
  seekable: z.boolean().optional(),
});
export type Recording = z.infer<typeof recordingSchema>;
export const recordingListSchema = z.object({ recordings: z.array(recordingSchema) });

/** The tus endpoint the desktop client uploads recordings to (SharedKeyV2, session key). */
export const CLIENT_RECORDINGS_PATH = '/v1/client/recordings';
/** On the response that completes an upload (and on HEAD after it): the SHA-256 (hex) of the bytes the service stored. */
export const RECORDING_SHA256_HEADER = 'vigil-recording-sha256';
/** On PATCH and HEAD responses: bytes that would survive the service dying now; the client may delete its copy below this. */
export const DURABLE_OFFSET_HEADER = 'vigil-durable-offset';
/**
 * What a recording may be: the WebM the desktop client writes, or MP4, with at most a codecs
 * parameter. Anything else (text/html, image/svg+xml) would be served back to the institution's browser.
 */
export const RECORDING_MIME_TYPES = ['video/webm', 'audio/webm', 'video/mp4'] as const;
const RECORDING_MIME_TYPE_PATTERN =
  /^(video\/webm|audio\/webm|video\/mp4)(\s*;\s*codecs="?[A-Za-z0-9.,+ -]{1,60}"?)?$/i;
export const recordingMimeTypeSchema = z
  .string()
  .max(100)
  .regex(
    RECORDING_MIME_TYPE_PATTERN,
    `must be one of ${RECORDING_MIME_TYPES.join(', ')}, with at most a codecs parameter`,
  );

/** The allowed type a stored value names (lowercase, without parameters), or undefined. */
export function recordingBaseMimeType(value: string): (typeof RECORDING_MIME_TYPES)[number] | undefined {
  if (!RECORDING_MIME_TYPE_PATTERN.test(value)) return undefined;
  const base = value.split(';')[0]!.trim().toLowerCase();
  return RECORDING_MIME_TYPES.find((type) => type === base);
}

/** Upload-Metadata keys the client sends with the tus creation request. */
export const recordingUploadMetadataSchema = z.object({
  recordingId: z.uuid(),
  sessionId: idSchema,
  kind: recordingKindSchema,
  mimeType: recordingMimeTypeSchema.default('video/webm'),
  startedAt: timestampSchema.optional(),
});
export type RecordingUploadMetadata = z.input<typeof recordingUploadMetadataSchema>;
