/**
 * The durable webhook outbox. A row is written in the same transaction as its incident; the
 * dispatcher claims due rows with a lease (and `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
 * instances never claim the same row), sends, and records the outcome only if it still holds the lease.
 */
import type { SqlEngine } from '../db/dialect';
import type { Db, OutboxStatus, WebhookOutboxRow } from '../db/schema';

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
  async claimDue(
    workerId: string,
    now: string,
    leaseUntil: string,
    limit: number,
    skipAccounts: readonly number[] = [],
  ): Promise<WebhookOutboxRow[]> {
    let due = this.db
      .selectFrom('webhook_outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit);
    // Accounts already at their concurrency limit wait: their slow receiver must not hold a claim it cannot use.
    if (skipAccounts.length > 0) due = due.where('account_id', 'not in', [...skipAccounts]);
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

  /**
   * When a pending row next becomes claimable: its retry time, or, for a row someone holds, when
   * that lease lapses. A held row is not due before then: counting it as due made an idle
   * dispatcher re-query at once for as long as another worker held a claim.
   */
  async nextClaimableAt(now: string): Promise<string | undefined> {
    const [free, held] = await Promise.all([
      this.db
        .selectFrom('webhook_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now)]))
        .executeTakeFirst(),
      this.db
        .selectFrom('webhook_outbox')
        .select((eb) => eb.fn.min('claim_expires_at').as('next'))
        .where('status', '=', 'pending')
        .where('claim_expires_at', '>=', now)
        .executeTakeFirst(),
    ]);
    const times = [free?.next, held?.next].filter((time): time is string => typeof time === 'string');
    return times.sort()[0];
  }

  /** Hands back rows claimed but not attempted (their account had no free slot): the attempt is not counted. */
  async unclaim(workerId: string, ids: readonly string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('webhook_outbox')
      .set((eb) => ({ claimed_by: null, claim_expires_at: null, attempts: eb('attempts', '-', 1) }))
      .where('id', 'in', [...ids])
      .where('claimed_by', '=', workerId)
      .where('claim_expires_at', '>=', now)
      .execute();
  }

  /** Extends the leases `workerId` still holds (rows it is sending right now). */
  async renewClaims(workerId: string, ids: readonly string[], leaseUntil: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('webhook_outbox')
      .set({ claim_expires_at: leaseUntil })
      .where('id', 'in', [...ids])
      .where('claimed_by', '=', workerId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Who holds live leases now (to spot a holder on this host whose process is gone). */
  async listClaimHolders(now: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('webhook_outbox')
      .select('claimed_by')
      .distinct()
      .where('status', '=', 'pending')
      .where('claim_expires_at', '>=', now)
      .execute();
    return rows.flatMap((row) => (row.claimed_by ? [row.claimed_by] : []));
  }

  /** Ends every lease a dead holder had, so its rows are claimable now rather than when the lease lapses. */
  async releaseClaimsOf(holder: string, now: string): Promise<void> {
    await this.db
      .updateTable('webhook_outbox')
      .set({ claim_expires_at: now })
      .where('claimed_by', '=', holder)
      .where('status', '=', 'pending')
      .execute();
  }
}
