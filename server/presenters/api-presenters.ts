/** Database rows to API bodies (shared/api): the only place column names meet field names. */
import type { Candidate, LaunchExam } from '../../shared/api/client';
import type { Exam } from '../../shared/api/exams';
import type { Incident, IncidentCounts, Session } from '../../shared/api/sessions';
import type { webhookConfigSchema } from '../../shared/api/webhooks';
import type { IncidentType } from '../../shared/incidents';
import { examPolicySchema, type ExamPolicy } from '../../shared/policy';
import type { z } from 'zod';
import type { AccountRow, ExamRow, IncidentRow, SessionRow } from '../db/schema';

/** Stored policies are re-read through the schema, so fields added later get their defaults. */
export function policyOf(exam: ExamRow): ExamPolicy {
  return examPolicySchema.parse(JSON.parse(exam.policy));
}

export function presentExam(exam: ExamRow): Exam {
  return {
    id: exam.id,
    accountId: exam.account_id,
    title: exam.title,
    mode: exam.mode,
    durationMinutes: exam.duration_minutes,
    startUrl: exam.start_url,
    allowedUrls: JSON.parse(exam.allowed_urls) as string[],
    policy: policyOf(exam),
    createdAt: exam.created_at,
  };
}

export function presentLaunchExam(exam: ExamRow): LaunchExam {
  return {
    id: exam.id,
    title: exam.title,
    mode: exam.mode,
    durationMinutes: exam.duration_minutes,
    startUrl: exam.start_url,
    allowedUrls: JSON.parse(exam.allowed_urls) as string[],
  };
}

export function presentCandidate(session: SessionRow, hasFacePhoto: boolean): Candidate {
  return { externalUserId: session.external_user_id, userName: session.user_name, hasFacePhoto };
}

export function presentSession(session: SessionRow, counts: IncidentCounts): Session {
  return {
    id: session.id,
    examId: session.exam_id,
    externalUserId: session.external_user_id,
    userName: session.user_name,
    userEmail: session.user_email,
    state: session.state,
    authScore: session.auth_score,
    flaggedForReview: session.flagged_for_review === 1,
    preview: session.preview === 1,
    incidentCounts: counts,
    createdAt: session.created_at,
    startedAt: session.started_at,
    finishedAt: session.ended_at,
    lastHeartbeatAt: session.last_heartbeat_at,
    stopReason: session.stop_reason,
  };
}

export function presentIncident(incident: IncidentRow): Incident {
  return {
    id: incident.id,
    sessionId: incident.session_id,
    type: incident.type,
    severity: incident.severity,
    occurredAt: incident.occurred_at,
    recordingOffsetMs: incident.recording_offset_ms,
    details: JSON.parse(incident.details) as Record<string, unknown>,
  };
}

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export function presentWebhookConfig(
  account: Pick<AccountRow, 'webhook_url' | 'webhook_incident_types'>,
): WebhookConfig {
  return {
    url: account.webhook_url,
    // Written only from the validated PUT /v1/webhooks body.
    incidentTypes: JSON.parse(account.webhook_incident_types) as IncidentType[],
  };
}

/** When the exam time runs out: startedAt + duration. */
export function endsAt(session: SessionRow, exam: ExamRow): string | null {
  if (!session.started_at) return null;
  return new Date(Date.parse(session.started_at) + exam.duration_minutes * 60_000).toISOString();
}
