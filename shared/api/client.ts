/** Desktop-client API bodies: launch, checks, identity, incidents, lifecycle and the event stream. */
import { z } from 'zod';
import { clientIncidentTypeSchema } from '../incidents';
import { examModeSchema, examPolicySchema } from '../policy';
import { sessionStateSchema } from '../session-states';
import { checkFlowSchema, checkStepSchema, stepStatusSchema } from '../steps';
import { base64ImageSchema, idSchema, timestampSchema } from './common';

export const clientInfoSchema = z.strictObject({
  version: z.string().max(64),
  platform: z.string().max(64),
  /** `preview`: the renderer in a plain browser, not locked down. */
  kind: z.enum(['desktop', 'preview']),
});
export type ClientInfo = z.infer<typeof clientInfoSchema>;

export const launchRequestSchema = z.strictObject({
  launchCode: z.string().trim().min(16).max(128),
  client: clientInfoSchema,
  /**
   * Random per launch attempt sequence, kept by the client across its own crashes: a retry with
   * the same code and key shortly after a launch whose answer was lost gets the session again,
   * with a fresh key (the lost one is revoked).
   */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22,128}$/, 'idempotencyKey: 22–128 URL-safe base64 characters')
    .optional(),
});
export type LaunchRequest = z.infer<typeof launchRequestSchema>;

export const launchExamSchema = z.object({
  id: idSchema,
  title: z.string(),
  mode: examModeSchema,
  durationMinutes: z.number().int(),
  startUrl: z.string(),
  allowedUrls: z.array(z.string()),
});
export type LaunchExam = z.infer<typeof launchExamSchema>;

export const candidateSchema = z.object({
  externalUserId: z.string(),
  userName: z.string(),
  /** The institution supplied a reference photo: the live face must match it. */
  hasFacePhoto: z.boolean(),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const launchResponseSchema = z.object({
  sessionId: idSchema,
  /** Session-scoped key for SharedKeyV2: only good for this session's client calls. */
  keyId: z.string(),
  secretKey: z.string(),
  exam: launchExamSchema,
  policy: examPolicySchema,
  candidate: candidateSchema,
  state: sessionStateSchema,
  preview: z.boolean(),
  serverTime: timestampSchema,
});
export type LaunchResponse = z.infer<typeof launchResponseSchema>;

export const clientSessionSchema = z.object({
  sessionId: idSchema,
  state: sessionStateSchema,
  authScore: z.number().nullable(),
  exam: launchExamSchema,
  policy: examPolicySchema,
  candidate: candidateSchema,
  enrolled: z.boolean(),
  startedAt: timestampSchema.nullable(),
  endsAt: timestampSchema.nullable(),
  stopReason: z.string().nullable(),
  serverTime: timestampSchema,
  /** The client launched as the browser preview (an unverified claim: the session is capped and flagged). */
  preview: z.boolean().optional(),
  /** The service's last heartbeat from this session (how long a resumed client was gone). */
  lastHeartbeatAt: timestampSchema.nullable().optional(),
  /** This session's quit password verifier, once approved (as on status answers). */
  quitPasswordHash: z.string().optional(),
});
export type ClientSession = z.infer<typeof clientSessionSchema>;

/** Incident details are stored and sent in webhooks: free-form, but capped (4 KiB of JSON). */
export const INCIDENT_DETAILS_MAX_BYTES = 4096;
export const incidentDetailsSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (details) => new TextEncoder().encode(JSON.stringify(details)).byteLength <= INCIDENT_DETAILS_MAX_BYTES,
    `must be at most ${INCIDENT_DETAILS_MAX_BYTES} bytes as JSON`,
  );

export const stepReportSchema = z.strictObject({
  flow: checkFlowSchema,
  step: checkStepSchema,
  status: stepStatusSchema,
  details: incidentDetailsSchema.default({}),
});
export type StepReport = z.input<typeof stepReportSchema>;

export const faceEnrollRequestSchema = z.strictObject({
  /** Good live frames (base64 JPEG) the enrolment embedding is averaged from. */
  snapshots: z.array(base64ImageSchema).min(1).max(8),
});
export type FaceEnrollRequest = z.infer<typeof faceEnrollRequestSchema>;

export const faceEnrollResponseSchema = z.object({
  enrolled: z.boolean(),
  /** Snapshots in which the service found exactly one face. */
  usableSnapshots: z.number().int(),
  /** Similarity of the live enrolment to the institution's photo, when there is one. */
  referenceSimilarity: z.number().nullable(),
  referenceMatched: z.boolean().nullable(),
});
export type FaceEnrollResponse = z.infer<typeof faceEnrollResponseSchema>;

export const identityKindSchema = z.enum(['live', 'id_card', 'reference']);
export const identityRequestSchema = z.strictObject({
  kind: identityKindSchema,
  /** Frames the client's result was computed from (base64 JPEG); the service recomputes from them. */
  snapshots: z.array(base64ImageSchema).min(1).max(8),
  clientSimilarity: z.number().min(0).max(1),
  clientPassed: z.boolean(),
  /**
   * False when the client had nothing to compare with (confirming the candidate after a reload: the
   * enrolment lived in the renderer that is gone). The service's own comparison then decides alone,
   * and clientSimilarity / clientPassed carry no claim. Absent: true.
   */
  clientCompared: z.boolean().optional(),
  liveness: z
    .strictObject({
      challenge: z.enum(['turn-left', 'turn-right']),
      passed: z.boolean(),
      peakYawDegrees: z.number(),
    })
    .optional(),
});
export type IdentityRequest = z.infer<typeof identityRequestSchema>;

export const identityResponseSchema = z.object({
  passed: z.boolean(),
  serverSimilarity: z.number().nullable(),
  clientSimilarity: z.number(),
  /** The service's result agrees with the client's; a disagreement is recorded as IDENTITY_MISMATCH. */
  agreed: z.boolean(),
  threshold: z.number(),
});
export type IdentityResponse = z.infer<typeof identityResponseSchema>;

export const clientIncidentSchema = z.strictObject({
  /** Chosen by the client so a re-sent incident (offline queue) is stored once. */
  clientId: z.uuid(),
  type: clientIncidentTypeSchema,
  occurredAt: timestampSchema,
  recordingOffsetMs: z.number().int().min(0).optional(),
  details: incidentDetailsSchema.default({}),
});
export type ClientIncident = z.input<typeof clientIncidentSchema>;

export const postIncidentsRequestSchema = z.strictObject({
  incidents: z.array(clientIncidentSchema).min(1).max(200),
});
export const postIncidentsResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  state: sessionStateSchema,
  authScore: z.number().nullable(),
});

export const heartbeatRequestSchema = z.strictObject({
  recordingOffsetMs: z.number().int().min(0).optional(),
});
/** Optional body of request-approval, start and finish: where the recording is, for the incident it records. */
export const lifecycleRequestSchema = z.strictObject({
  recordingOffsetMs: z.number().int().min(0).optional(),
});
export type LifecycleRequest = z.infer<typeof lifecycleRequestSchema>;

/** POST /v1/client/network-probe: bytes posted for the upload-speed check, counted and thrown away. */
export const NETWORK_PROBE_MAX_BYTES = 8 * 1024 * 1024;
export const networkProbeResponseSchema = z.object({ receivedBytes: z.number().int() });
export type NetworkProbeResponse = z.infer<typeof networkProbeResponseSchema>;

export const sessionStatusResponseSchema = z.object({
  state: sessionStateSchema,
  authScore: z.number().nullable(),
  stopReason: z.string().nullable(),
  serverTime: timestampSchema,
  /**
   * When the exam started and when its time runs out (start + duration), on the service's clock; null
   * before the start. The client counts down to `endsAt`, so a restarted client keeps the same end.
   * Optional: older services do not send them.
   */
  startedAt: timestampSchema.nullable().optional(),
  endsAt: timestampSchema.nullable().optional(),
  preview: z.boolean().optional(),
  /**
   * This session's own quit password verifier (shared/quit-password), sent only once the session is
   * approved; the proctor reads the password from GET /v1/sessions/:id/quit-password.
   */
  quitPasswordHash: z.string().optional(),
});
export type SessionStatusResponse = z.infer<typeof sessionStatusResponseSchema>;

/**
 * Server-sent events on GET /v1/client/session/events (the `data:` JSON of each event). On connect
 * the service sends the current score (when there is one) and state; `reason` says why the session
 * moved (e.g. "1 critical incident: IDENTITY_MISMATCH"). A terminal state ends the stream.
 */
export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: sessionStateSchema, reason: z.string().nullable() }),
  z.object({ type: z.literal('auth-score'), authScore: z.number() }),
  z.object({ type: z.literal('incident'), incidentType: z.string(), severity: z.string() }),
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;
