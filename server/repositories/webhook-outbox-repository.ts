/**
 * The durable webhook outbox. A row is written in the same transaction as its incident; the
 * dispatcher claims due rows with a lease (and `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
 * instances never claim the same row), sends, and records the outcome only if it still holds the lease.
 */
import type { SqlEngine } from '../db/dialect';
import type { Db, WebhookOutboxRow } from '../db/schema';

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

export interface AttemptOutcome {
  status: OutboxStatus;
  nextAttemptAt: string;
  statusCode: number | null;
  error: string | null;
  deliveredAt: string | null;
}

export class WebhookOutboxRepository {
  constructor(
    private readonly db: Db,
    private readonly engine: SqlEngine,
  ) {}

  async enqueue(row: WebhookOutboxRow): Promise<void> {
    await this.db.insertInto('webhook_outbox').values(row).execute();
  }

  /**
   * Claims up to `limit` due rows for `workerId` until `leaseUntil`, counting the attempt now so a
   * crash mid-request still counts it. One statement: `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`.
   */
  async claimDue(workerId: string, now: string, leaseUntil: string, limit: number): Promise<WebhookOutboxRow[]> {
    let due = this.db
      .selectFrom('webhook_outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit);
    // SQLite has one writer at a time, so the update itself is the lock there.
    if (this.engine === 'postgres') due = due.forUpdate().skipLocked();
    return this.db
      .updateTable('webhook_outbox')
      .set((eb) => ({ claimed_by: workerId, claim_expires_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  /** False when the lease was lost (it expired and another worker took the row): the outcome is dropped. */
  async recordAttempt(id: string, workerId: string, outcome: AttemptOutcome): Promise<boolean> {
    const updated = await this.db
      .updateTable('webhook_outbox')
      .set({
        status: outcome.status,
        next_attempt_at: outcome.nextAttemptAt,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        delivered_at: outcome.deliveredAt,
        claimed_by: null,
        claim_expires_at: null,
      })
      .where('id', '=', id)
      .where('claimed_by', '=', workerId)
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  async findById(id: string): Promise<WebhookOutboxRow | undefined> {
    return this.db.selectFrom('webhook_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listForSession(sessionId: string): Promise<WebhookOutboxRow[]> {
    return this.db
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute();
  }

  /** The earliest time a pending row becomes due, so an idle dispatcher knows when to look again. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webhook_outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.next ?? undefined;
  }
}
