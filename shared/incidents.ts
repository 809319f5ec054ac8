/** Incident types (ExamUnit's plus Vigil's lockdown and proctoring ones) and their default severities. */
import { z } from 'zod';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** `info` incidents describe the session's progress and never count against the candidate. */
export const INCIDENT_SEVERITY = {
  MANUAL: 'medium',
  SYSTEM_CHECK_STEP_CHANGED: 'low',
  IDENTITY_CHECK_STEP_CHANGED: 'low',
  SESSION_JOINED: 'low',
  SESSION_APPROVAL_REQUESTED: 'low',
  SESSION_APPROVED: 'low',
  SESSION_APPROVAL_REVERTED: 'medium',
  SESSION_STARTED: 'low',
  SESSION_FINISHED: 'low',
  SESSION_DISMISSED: 'medium',
  SESSION_CLOSED: 'low',
  SESSION_CLOSED_AUTOMATICALLY: 'medium',
  SESSION_STOPPED_AUTOMATICALLY: 'critical',
  CONNECTED: 'low',
  /** Heartbeats of a started session stopped for longer than the policy's disconnectAfterSeconds. */
  DISCONNECTED: 'medium',
  /** The client took up a stored session again after a crash or restart (details: goneForMs). */
  SESSION_RESUMED: 'low',
  /** A session waited for approval longer than the policy's approvalWaitAlertSeconds. */
  SESSION_WAITING_DETECTED: 'low',
  /** The proctor's quit password released the lockdown before the end. */
  LOCKDOWN_QUIT: 'high',
  CAMERA_STARTED: 'low',
  CAMERA_STOPPED: 'medium',
  AUDIO_STARTED: 'low',
  AUDIO_STOPPED: 'medium',
  SCREENSHARE_STARTED: 'low',
  SCREENSHARE_STOPPED: 'medium',
  RECORDINGS_STARTED: 'low',
  RECORDING_UPLOADED: 'low',
  DISK_SPACE_LOW: 'medium',
  FOCUS_LOST: 'medium',
  DISPLAY_ADDED: 'high',
  PROHIBITED_PROCESS: 'high',
  VIRTUAL_MACHINE: 'high',
  DEVTOOLS_ATTEMPT: 'medium',
  BLOCKED_SHORTCUT: 'low',
  CLIPBOARD_BLOCKED: 'low',
  NETWORK_LOST: 'low',
  FACE_ABSENT: 'low',
  FACE_ABSENT_LONG: 'high',
  MULTIPLE_FACES: 'medium',
  IDENTITY_MISMATCH: 'critical',
  /** The client's offline incident journal failed its MAC chain: lines were edited, deleted or moved. */
  JOURNAL_TAMPERED: 'critical',
  /** An answer from the service was rewritten on its way to the client (its response MAC did not verify). */
  TAMPERED_RESPONSE: 'critical',
  AUTH_SCORE_CHANGED: 'low',
} as const satisfies Record<string, Severity>;

export type IncidentType = keyof typeof INCIDENT_SEVERITY;
export const INCIDENT_TYPES = Object.keys(INCIDENT_SEVERITY) as [IncidentType, ...IncidentType[]];
export const incidentTypeSchema = z.enum(INCIDENT_TYPES);

/** Types that only the service records (state transitions, scores); a client may not post them. */
export const SERVICE_ONLY_INCIDENT_TYPES = [
  'SYSTEM_CHECK_STEP_CHANGED',
  'IDENTITY_CHECK_STEP_CHANGED',
  'SESSION_JOINED',
  'SESSION_APPROVAL_REQUESTED',
  'SESSION_APPROVED',
  'SESSION_APPROVAL_REVERTED',
  'SESSION_STARTED',
  'SESSION_FINISHED',
  'SESSION_DISMISSED',
  'SESSION_CLOSED',
  'SESSION_CLOSED_AUTOMATICALLY',
  'SESSION_STOPPED_AUTOMATICALLY',
  'CONNECTED',
  'DISCONNECTED',
  'SESSION_WAITING_DETECTED',
  'RECORDING_UPLOADED',
  'AUTH_SCORE_CHANGED',
  'MANUAL',
] as const satisfies readonly IncidentType[];

const serviceOnly = new Set<IncidentType>(SERVICE_ONLY_INCIDENT_TYPES);
export const CLIENT_INCIDENT_TYPES = INCIDENT_TYPES.filter((type) => !serviceOnly.has(type)) as [
  IncidentType,
  ...IncidentType[],
];
export const clientIncidentTypeSchema = z.enum(CLIENT_INCIDENT_TYPES);
export type ClientIncidentType = z.infer<typeof clientIncidentTypeSchema>;

/** Incidents that count as violations (for auto-stop and the auth score): the candidate's behaviour, not progress. */
export const VIOLATION_INCIDENT_TYPES = [
  'FOCUS_LOST',
  'DISPLAY_ADDED',
  'PROHIBITED_PROCESS',
  'VIRTUAL_MACHINE',
  'DEVTOOLS_ATTEMPT',
  'BLOCKED_SHORTCUT',
  'CLIPBOARD_BLOCKED',
  'FACE_ABSENT',
  'FACE_ABSENT_LONG',
  'MULTIPLE_FACES',
  'IDENTITY_MISMATCH',
  'CAMERA_STOPPED',
  'AUDIO_STOPPED',
  'SCREENSHARE_STOPPED',
] as const satisfies readonly IncidentType[];

export function defaultSeverity(type: IncidentType): Severity {
  return INCIDENT_SEVERITY[type];
}

export function isViolation(type: IncidentType): boolean {
  return (VIOLATION_INCIDENT_TYPES as readonly IncidentType[]).includes(type);
}
