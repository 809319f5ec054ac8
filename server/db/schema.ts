/**
 * Table shapes as Kysely sees them. Portable across SQLite and PostgreSQL on purpose:
 * times are ISO 8601 UTC text (`toISOString()`, so text order is time order), flags are 0/1
 * integers and structured values are JSON text.
 */
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { IdentityRequest } from '../../shared/api/client';
import type { AuditAction } from '../../shared/api/console';
import type { IncidentType, Severity } from '../../shared/incidents';
import type { ExamMode } from '../../shared/policy';
import type { SessionState } from '../../shared/session-states';

// Columns holding one of the shared enums are typed as it: the database only ever gets values
// through these types, so rows read back need no cast.

/** Who recorded an incident. */
export type IncidentSource = 'client' | 'service' | 'institution';
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  /** The account's SecretKey, AES-256-GCM under the master key (see crypto/secret-box). */
  secret_ciphertext: string;
  /** The key replaced by the last rotation, accepted until `previous_secret_expires_at`. */
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: string | null;
  /** 1: SharedKeyV2 only (every new account); 0: StartExam's V1 too. The API shows it as `allowV1`. */
  require_v2: number;
  /** The `whsec_` webhook signing secret, sealed; null for accounts older than 0004 that never rotated one. */
  webhook_secret_ciphertext: string | null;
  webhook_secret_rotated_at: string | null;
  webhook_url: string | null;
  /** JSON array of incident types; empty means all. */
  webhook_incident_types: string;
  created_at: string;
  rotated_at: string | null;
}
export type AccountRow = Selectable<AccountsTable>;

export interface ExamsTable {
  id: string;
  account_id: number;
  title: string;
  mode: ExamMode;
  duration_minutes: number;
  start_url: string;
  allowed_urls: string;
  policy: string;
  created_at: string;
}
export type ExamRow = Selectable<ExamsTable>;

export interface SessionsTable {
  id: string;
  exam_id: string;
  account_id: number;
  external_user_id: string;
  user_name: string;
  user_email: string | null;
  state: SessionState;
  auth_score: number | null;
  flagged_for_review: number;
  preview: number;
  /** SHA-256 (hex) of the current launch code; the code itself is never stored. */
  launch_code_hash: string | null;
  launch_code_expires_at: string | null;
  launched_at: string | null;
  session_key_id: string | null;
  session_key_ciphertext: string | null;
  created_at: string;
  started_at: string | null;
  /** When the session reached a terminal state; the purge counts retention from here. */
  ended_at: string | null;
  last_heartbeat_at: string | null;
  last_recording_offset_ms: number | null;
  stop_reason: string | null;
  incidents_purged_at: string | null;
  /** SHA-256 (hex) of the idempotency key sent with the launch that spent the code (migration 0003). */
  launch_idempotency_hash: string | null;
  /** When the sweeper recorded DISCONNECTED; cleared (CONNECTED) by the next heartbeat (migration 0005). */
  disconnected_at: string | null;
  /** When the session last entered approval_requested, and when that wait was reported (SESSION_WAITING_DETECTED). */
  approval_requested_at: string | null;
  waiting_alerted_at: string | null;
  /** The session's own quit password, sealed (server/crypto/secret-box), and its scrypt verifier for the client. */
  quit_password_ciphertext: string | null;
  quit_password_verifier: string | null;
}
export type SessionRow = Selectable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
/** Nullable columns may be left out: they start as null. */
export type NewSessionRow = Insertable<SessionsTable>;

export interface SessionFacesTable {
  session_id: string;
  /** The institution's reference photo (JPEG/PNG bytes). */
  reference_photo: Uint8Array | null;
  reference_embedding: string | null;
  enrolment_embedding: string | null;
  enrolled_at: string | null;
  updated_at: string;
}
export type SessionFacesRow = Selectable<SessionFacesTable>;

export interface IdentityChecksTable {
  id: string;
  session_id: string;
  kind: IdentityRequest['kind'];
  client_similarity: number;
  client_passed: number;
  server_similarity: number | null;
  server_passed: number;
  agreed: number;
  liveness: string | null;
  created_at: string;
}
export type IdentityCheckRow = Selectable<IdentityChecksTable>;

export interface IncidentsTable {
  id: string;
  session_id: string;
  type: IncidentType;
  severity: Severity;
  occurred_at: string;
  recorded_at: string;
  recording_offset_ms: number | null;
  details: string;
  /** The client's idempotency key; unique per session, null for the service's own incidents. */
  client_id: string | null;
  source: IncidentSource;
}
export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncidentRow = Insertable<IncidentsTable>;

export interface NoncesTable {
  key_id: string;
  nonce: string;
  expires_at: string;
}

export interface WebhookOutboxTable {
  id: string;
  account_id: number;
  session_id: string;
  incident_id: string;
  url: string;
  /** The payload without `timestamp`, which is set on each attempt. */
  payload: string;
  triggered_at: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}
export type WebhookOutboxRow = Selectable<WebhookOutboxTable>;

/** A staff member of an account (migration 0006). */
export interface StaffUsersTable {
  id: string;
  account_id: number;
  /** Lower-cased: unique per account, whatever case it is typed in. */
  email: string;
  display_name: string;
  /** JSON array of StaffRole (shared/api/console.ts), parsed by the repository. */
  roles: string;
  /** argon2id PHC string; null until the invitation is accepted. */
  password_hash: string | null;
  disabled: number;
  created_at: string;
}
export type StaffUserRow = Selectable<StaffUsersTable>;

export interface StaffInvitationsTable {
  /** SHA-256 (hex) of the invitation token; the token itself is never stored. */
  token_hash: string;
  staff_user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
export type StaffInvitationRow = Selectable<StaffInvitationsTable>;

export interface ConsoleSessionsTable {
  /** SHA-256 (hex) of the cookie's token: a database leak holds no usable cookie. */
  id: string;
  staff_user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end (12 h after sign-in); the idle end is last_seen_at + 30 min. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
}
export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;

export interface StaffSignInFailuresTable {
  id: string;
  account_id: number;
  email: string;
  ip: string;
  at: string;
}

export interface AuditLogTable {
  id: string;
  account_id: number;
  staff_user_id: string | null;
  action: AuditAction;
  target_type: string | null;
  target_id: string | null;
  /** JSON object. */
  details: string;
  ip: string | null;
  user_agent: string | null;
  at: string;
}
export type AuditLogRow = Selectable<AuditLogTable>;

export interface Database {
  accounts: AccountsTable;
  exams: ExamsTable;
  sessions: SessionsTable;
  session_faces: SessionFacesTable;
  identity_checks: IdentityChecksTable;
  incidents: IncidentsTable;
  nonces: NoncesTable;
  webhook_outbox: WebhookOutboxTable;
  staff_users: StaffUsersTable;
  staff_invitations: StaffInvitationsTable;
  console_sessions: ConsoleSessionsTable;
  staff_sign_in_failures: StaffSignInFailuresTable;
  audit_log: AuditLogTable;
}

/** Either the database or a transaction on it: repositories work with both. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
