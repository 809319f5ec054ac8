/** Institution-facing candidate session API bodies. */
import { z } from 'zod';
import { incidentTypeSchema, severitySchema } from '../incidents';
import { sessionStateSchema } from '../session-states';
import { base64ImageSchema, emailSchema, idSchema, timestampSchema } from './common';

export const createSessionRequestSchema = z.strictObject({
  externalUserId: z.string().trim().min(1).max(200),
  userName: z.string().trim().min(1).max(200),
  userEmail: emailSchema.optional(),
  /** The institution's reference photo of the candidate (base64 JPEG/PNG). */
  facePhoto: base64ImageSchema.optional(),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

export const createSessionResponseSchema = z.object({
  sessionId: idSchema,
  launchCode: z.string(),
  launchUrl: z.string().startsWith('vigil://launch/'),
  expiresAt: timestampSchema,
});
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

export const incidentCountsSchema = z.object({
  low: z.number().int(),
  medium: z.number().int(),
  high: z.number().int(),
  critical: z.number().int(),
});
export type IncidentCounts = z.infer<typeof incidentCountsSchema>;

export const sessionSchema = z.object({
  id: idSchema,
  examId: idSchema,
  externalUserId: z.string(),
  userName: z.string(),
  userEmail: z.string().nullable(),
  state: sessionStateSchema,
  /** 0–100, computed by the service (shared/auth-score.ts); null until the session has started or was stopped automatically. */
  authScore: z.number().min(0).max(100).nullable(),
  flaggedForReview: z.boolean(),
  preview: z.boolean(),
  incidentCounts: incidentCountsSchema,
  createdAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  lastHeartbeatAt: timestampSchema.nullable(),
  stopReason: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

export const incidentSchema = z.object({
  id: idSchema,
  sessionId: idSchema,
  type: incidentTypeSchema,
  severity: severitySchema,
  occurredAt: timestampSchema,
  /** Milliseconds into the session's recording, so a reviewer can jump to it. */
  recordingOffsetMs: z.number().int().min(0).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentListSchema = z.object({
  incidents: z.array(incidentSchema),
  /** The session was launched as the (unverified) browser preview, as on `Session`. */
  preview: z.boolean().optional(),
});

/** The session's own quit password, for the proctor in the room; the client only ever holds its scrypt verifier. */
export const quitPasswordResponseSchema = z.object({
  sessionId: idSchema,
  quitPassword: z.string(),
});
export type QuitPasswordResponse = z.infer<typeof quitPasswordResponseSchema>;

export const sessionActionRequestSchema = z.strictObject({ reason: z.string().max(1000).optional() });
