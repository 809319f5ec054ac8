/**
 * The one place incidents are recorded. Every route and job goes through `record`, inside the
 * caller's transaction: the incident, its webhook outbox row and whatever the `recorded` hooks
 * write (the auth score, auto-stop and approval revocation: services/violation-rules.ts) commit
 * together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { defaultSeverity, type IncidentType, type Severity } from '../../shared/incidents';
import type { WebhookPayload } from '../../shared/api/webhooks';
import type { IncidentRow, IncidentSource, SessionRow } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import { Listeners, OrderedHooks } from '../lib/observers';
import { isoTime, type Clock } from '../lib/time';

export interface RecordIncidentInput {
  session: SessionRow;
  type: IncidentType;
  /** Defaults to the type's severity in shared/incidents.ts. */
  severity?: Severity;
  occurredAt?: Date | string;
  details?: Record<string, unknown>;
  /** The client's idempotency key: a second incident with the same one is a duplicate and stored once. */
  clientId?: string;
  recordingOffsetMs?: number | null;
  source: IncidentSource;
  /** Extra fields for the webhook's `additionalData` (e.g. the final authScore on SESSION_FINISHED). */
  additionalData?: Record<string, unknown>;
}

export type RecordIncidentResult =
  { duplicate: false; incident: IncidentRow } | { duplicate: true; incident: undefined };

export interface IncidentRecordedEvent {
  uow: UnitOfWork;
  incident: IncidentRow;
  session: SessionRow;
}

/** The payload without `timestamp`, which the dispatcher sets on each attempt. */
export type StoredWebhookPayload = Omit<WebhookPayload, 'timestamp'>;

export class IncidentService {
  /**
   * Run in order after each stored incident (not for duplicates), inside the recording transaction:
   * a hook that throws rolls the incident back.
   */
  readonly recorded = new OrderedHooks<IncidentRecordedEvent>();
  /** Told once a transaction that queued a webhook has committed (the dispatcher wakes up). */
  readonly webhookEnqueued = new Listeners();
  private readonly lastRecordedAt = new WeakMap<UnitOfWork, number>();

  constructor(private readonly clock: Clock) {}

  async record(uow: UnitOfWork, input: RecordIncidentInput): Promise<RecordIncidentResult> {
    const now = this.clock();
    const occurredAt =
      input.occurredAt === undefined
        ? isoTime(now)
        : isoTime(typeof input.occurredAt === 'string' ? new Date(input.occurredAt) : input.occurredAt);
    // Strictly increasing within a transaction, so a consequence (AUTH_SCORE_CHANGED, an automatic
    // stop) dated at its cause's time still lists after it: incidents sort by (occurred_at, recorded_at).
    const recordedAtMs = Math.max(now.getTime(), (this.lastRecordedAt.get(uow) ?? -Infinity) + 1);
    this.lastRecordedAt.set(uow, recordedAtMs);
    const incident = await uow.repositories.incidents.insert({
      id: randomUUID(),
      session_id: input.session.id,
      type: input.type,
      severity: input.severity ?? defaultSeverity(input.type),
      occurred_at: occurredAt,
      recorded_at: isoTime(new Date(recordedAtMs)),
      recording_offset_ms: input.recordingOffsetMs ?? null,
      details: JSON.stringify(input.details ?? {}),
      client_id: input.clientId ?? null,
      source: input.source,
    });
    if (!incident) return { duplicate: true, incident: undefined };

    await this.enqueueWebhook(uow, input.session, incident, now, input.additionalData);
    await this.recorded.run({ uow, incident, session: input.session });
    return { duplicate: false, incident };
  }

  private async enqueueWebhook(
    uow: UnitOfWork,
    session: SessionRow,
    incident: IncidentRow,
    now: Date,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const account = await uow.repositories.accounts.findById(session.account_id);
    if (!account?.webhook_url) return;
    const filter = JSON.parse(account.webhook_incident_types) as string[];
    if (filter.length > 0 && !filter.includes(incident.type)) return;

    const payload: StoredWebhookPayload = {
      triggeredAt: incident.occurred_at,
      candidateId: session.id,
      incidentType: incident.type,
      additionalData: {
        ...extra,
        incidentId: incident.id,
        severity: incident.severity,
        recordingOffsetMs: incident.recording_offset_ms,
        details: JSON.parse(incident.details) as Record<string, unknown>,
      },
      sessionId: session.id,
      externalUserId: session.external_user_id,
      examId: session.exam_id,
      preview: session.preview === 1,
    };
    await uow.repositories.webhookOutbox.enqueue({
      id: randomUUID(),
      account_id: account.id,
      session_id: session.id,
      incident_id: incident.id,
      url: account.webhook_url,
      payload: JSON.stringify(payload),
      triggered_at: incident.occurred_at,
      status: 'pending',
      attempts: 0,
      next_attempt_at: isoTime(now),
      claimed_by: null,
      claim_expires_at: null,
      last_status_code: null,
      last_error: null,
      delivered_at: null,
      created_at: isoTime(now),
    });
    uow.afterCommit(() => this.webhookEnqueued.notify());
  }
}
