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
});
export type Recording = z.infer<typeof recordingSchema>;
export const recordingListSchema = z.object({ recordings: z.array(recordingSchema) });
