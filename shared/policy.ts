/** The exam policy: what the lockdown, the checks and proctoring enforce. Defaults are what a careful centre would pick. */
import { z } from 'zod';

export const EXAM_MODES = ['recording', 'live', 'hybrid', 'events-only'] as const;
export const examModeSchema = z.enum(EXAM_MODES);
export type ExamMode = z.infer<typeof examModeSchema>;

export const autoStopSchema = z
  .strictObject({
    /** Stop the session when this many incidents of the severity are recorded; 0 disables. */
    low: z.number().int().min(0).max(10_000).default(0),
    medium: z.number().int().min(0).max(10_000).default(10),
    high: z.number().int().min(0).max(10_000).default(5),
    critical: z.number().int().min(0).max(10_000).default(1),
  })
  .prefault({});
export type AutoStopThresholds = z.infer<typeof autoStopSchema>;

export const examPolicySchema = z
  .strictObject({
    /** A finished session whose auth score (0–1) is below this is flagged for review. */
    trustThreshold: z.number().min(0).max(1).default(0.7),
    flagsEnabled: z.boolean().default(true),
    /** Incidents and recordings of a finished session are purged after this many days. */
    logRetentionDays: z.number().int().min(1).max(3650).default(90),
    allowedDisplays: z.number().int().min(1).max(16).default(1),
    allowVirtualMachine: z.boolean().default(false),
    /** Executable names (case-insensitive) refused in addition to Vigil's default list. */
    prohibitedProcesses: z.array(z.string().min(1).max(128)).max(500).default([]),
    requireIdCard: z.boolean().default(false),
    requireRoomScan: z.boolean().default(false),
    /** Minimum `human.match.similarity` between live face and enrolment (0–1). */
    faceMatchThreshold: z.number().min(0).max(1).default(0.5),
    autoStop: autoStopSchema,
    /**
     * scrypt verifier (see shared/quit-password) of the password that quits the lockdown early. Never
     * set by an exam: the service issues each session its own password and hands the client this
     * session's verifier only once approved; a centre's managed configuration may lock its own.
     */
    quitPasswordHash: z.string().max(512).optional(),
    /** Approve a session as soon as it requests approval; otherwise wait for the institution. */
    autoApprove: z.boolean().default(true),
    /**
     * Allow the not-locked-down browser preview to take this exam. `kind` is the client's claim (no
     * device attestation yet), so a preview session is marked, its score capped and always flagged.
     */
    allowPreview: z.boolean().default(false),
    /** A preview session's auth score never exceeds this (0–100). */
    previewScoreCap: z.number().int().min(0).max(100).default(50),
    /** A started session silent (no heartbeat) for longer than this is DISCONNECTED; CONNECTED when it is back. */
    disconnectAfterSeconds: z.number().int().min(1).max(86_400).default(60),
    /** SESSION_WAITING_DETECTED when a session waits for approval longer than this. */
    approvalWaitAlertSeconds: z.number().int().min(1).max(86_400).default(300),
    /** A started session still open this long after its end (start + duration) is finished by the service. */
    finishGraceSeconds: z.number().int().min(0).max(86_400).default(120),
    /** A face absent for less than this is a brief absence (low); longer is FACE_ABSENT_LONG (high). */
    faceAbsentBriefSeconds: z.number().min(0.5).max(600).default(3),
    faceAbsentLongSeconds: z.number().min(1).max(3600).default(15),
    /** Warn the candidate and the service when the spool's disk has less free space than this. */
    minFreeDiskMb: z.number().int().min(50).max(1_000_000).default(1024),
  })
  .prefault({});
export type ExamPolicy = z.infer<typeof examPolicySchema>;
export type ExamPolicyInput = z.input<typeof examPolicySchema>;

export function recordsMedia(mode: ExamMode): boolean {
  return mode !== 'events-only';
}
