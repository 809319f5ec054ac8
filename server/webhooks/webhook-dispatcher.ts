/**
 * Delivers the outbox. Due rows are claimed under a short lease (and SKIP LOCKED on PostgreSQL,
 * so instances never send the same row at once) and each attempt runs on its own: a receiver that
 * never answers holds one of its account's few slots until the request times out, never the
 * dispatcher, another account or the account's other deliveries. Leases are renewed while their
 * attempts run; a dead holder's rows are claimable once its lease lapses, at once when the holder
 * was a process on this host that is gone. A row delivered (2xx) is never sent again by choice; a
 * crash after the receiver got it and before its outcome was recorded sends it again (docs/service.md).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookOutboxRow } from '../db/schema';
import { addMs, isoTime, type Clock } from '../lib/time';
import { isDeadLocalWorker, newWorkerId } from '../lib/worker-leases';
import type { Repositories } from '../repositories/index';
import type { StoredWebhookPayload } from '../services/incident-service';
import { DEFAULT_RETRY_POLICY, retryDelayMs, verdictFor, type RetryPolicy } from './retry-policy';
import { sendWebhook } from './webhook-sender';

export interface WebhookDispatcherOptions {
  repositories: Repositories;
  secretOf: (accountId: number) => Promise<string | undefined>;
  clock: Clock;
  logger: FastifyBaseLogger;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  /** How long a claim lasts unrenewed; renewed every third of it while the attempt runs. */
  leaseMs?: number;
  /** The longest an idle dispatcher sleeps before looking at the table again (rows other instances add). */
  pollIntervalMs?: number;
  /** The shortest it sleeps when it woke itself: no busy loop, whatever the table says. */
  minWakeMs?: number;
  batchSize?: number;
  /** Attempts in flight at once, in all. */
  maxInFlight?: number;
  /** Attempts in flight at once for one account. */
  perAccountConcurrency?: number;
}

const DEAD_HOLDER_CHECK_MS = 5_000;

interface Attempt {
  accountId: number;
  done: Promise<void>;
}

export class WebhookDispatcher {
  readonly workerId = newWorkerId();
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly minWakeMs: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly perAccountConcurrency: number;
  private readonly inFlight = new Map<string, Attempt>();
  private timer: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private again = false;
  private started = false;
  /** When dead local holders were last looked for: once every few seconds is enough, not every poll. */
  private lastDeadHolderCheck = 0;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? Math.max(15_000, this.requestTimeoutMs + 5_000);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.minWakeMs = Math.min(options.minWakeMs ?? 250, this.pollIntervalMs);
    this.batchSize = options.batchSize ?? 20;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.perAccountConcurrency = options.perAccountConcurrency ?? 4;
  }

  start(): void {
    this.started = true;
    this.renewal = setInterval(() => void this.renewLeases(), this.leaseMs / 3);
    this.renewal.unref();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    clearInterval(this.renewal);
    await this.claiming;
    await Promise.all([...this.inFlight.values()].map((attempt) => attempt.done));
  }

  /** New rows were committed or a slot freed: look now rather than at the next poll. */
  wake(): void {
    if (!this.started) return;
    if (this.claiming) this.again = true;
    else this.schedule(0);
  }

  /** Claims and sends everything due now, and waits for those attempts (tests and tools). */
  async runOnce(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const started = await this.claimAndStart();
      attempted += started;
      await Promise.all([...this.inFlight.values()].map((attempt) => attempt.done));
      if (started === 0) return attempted;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.claiming) return;
    this.again = false;
    this.claiming = this.releaseDeadLocalClaims()
      .then(() => this.claimAndStart())
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'webhook dispatch failed'));
    await this.claiming;
    this.claiming = undefined;
    if (this.again) return this.schedule(0);
    this.schedule(await this.untilNextClaimable());
  }

  /** Starts attempts for due rows while there are free slots; returns how many it started. */
  private async claimAndStart(): Promise<number> {
    let started = 0;
    for (;;) {
      const room = Math.min(this.batchSize, this.maxInFlight - this.inFlight.size);
      if (room <= 0) return started;
      const now = this.options.clock();
      const rows = await this.options.repositories.webhookOutbox.claimDue(
        this.workerId,
        isoTime(now),
        isoTime(addMs(now, this.leaseMs)),
        room,
        this.saturatedAccounts(),
      );
      const admitted = this.admit(rows);
      started += admitted;
      // A batch can hold more rows of one account than its slots: those wait (unclaimed) for the next pass.
      if (rows.length < room || admitted < rows.length) return started;
    }
  }

  /** Starts the rows an account has slots for; gives the rest back at once. */
  private admit(rows: WebhookOutboxRow[]): number {
    let admitted = 0;
    const overflow: string[] = [];
    for (const row of rows) {
      if (this.inFlightFor(row.account_id) >= this.perAccountConcurrency) {
        overflow.push(row.id);
        continue;
      }
      const done = this.attempt(row)
        .catch((error: unknown) =>
          this.options.logger.error({ err: error, deliveryId: row.id }, 'webhook attempt failed'),
        )
        .finally(() => {
          this.inFlight.delete(row.id);
          this.wake();
        });
      this.inFlight.set(row.id, { accountId: row.account_id, done });
      admitted += 1;
    }
    if (overflow.length > 0) void this.giveBack(overflow);
    return admitted;
  }

  private async giveBack(ids: string[]): Promise<void> {
    const now = this.options.clock();
    await this.options.repositories.webhookOutbox
      .unclaim(this.workerId, ids, isoTime(now))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not give back webhook claims'));
  }

  private inFlightFor(accountId: number): number {
    let count = 0;
    for (const attempt of this.inFlight.values()) if (attempt.accountId === accountId) count += 1;
    return count;
  }

  private saturatedAccounts(): number[] {
    const accounts = new Set([...this.inFlight.values()].map((attempt) => attempt.accountId));
    return [...accounts].filter((accountId) => this.inFlightFor(accountId) >= this.perAccountConcurrency);
  }

  private async untilNextClaimable(): Promise<number> {
    try {
      const now = this.options.clock();
      const next = await this.options.repositories.webhookOutbox.nextClaimableAt(isoTime(now));
      if (!next) return this.pollIntervalMs;
      const wait = Date.parse(next) - now.getTime();
      return Math.max(this.minWakeMs, Math.min(this.pollIntervalMs, wait));
    } catch {
      return this.pollIntervalMs;
    }
  }

  private async renewLeases(): Promise<void> {
    const now = this.options.clock();
    await this.options.repositories.webhookOutbox
      .renewClaims(this.workerId, [...this.inFlight.keys()], isoTime(addMs(now, this.leaseMs)))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'webhook lease renewal failed'));
  }

  /** A restarted instance takes its dead predecessor's rows now, not when their leases lapse. */
  private async releaseDeadLocalClaims(): Promise<void> {
    if (Date.now() - this.lastDeadHolderCheck < DEAD_HOLDER_CHECK_MS) return;
    this.lastDeadHolderCheck = Date.now();
    const outbox = this.options.repositories.webhookOutbox;
    const now = isoTime(this.options.clock());
    for (const holder of await outbox.listClaimHolders(now)) {
      if (isDeadLocalWorker(holder, this.workerId)) await outbox.releaseClaimsOf(holder, now);
    }
  }

  private async attempt(row: WebhookOutboxRow): Promise<void> {
    const secretKey = await this.options.secretOf(row.account_id);
    const now = this.options.clock();
    const result = secretKey
      ? await sendWebhook({
          url: row.url,
          deliveryId: row.id,
          attempt: row.attempts,
          payload: JSON.parse(row.payload) as StoredWebhookPayload,
          secretKey,
          timestamp: now,
          timeoutMs: this.requestTimeoutMs,
        })
      : { statusCode: null, error: 'the account no longer exists' };
    const verdict = secretKey ? verdictFor(result.statusCode) : 'give-up';
    const finished = this.options.clock();
    const exhausted = verdict === 'retry' && row.attempts >= this.retry.maxAttempts;
    const status = verdict === 'delivered' ? 'delivered' : verdict === 'give-up' || exhausted ? 'failed' : 'pending';
    const kept = await this.options.repositories.webhookOutbox.recordAttempt(row.id, this.workerId, {
      status,
      nextAttemptAt: isoTime(status === 'pending' ? addMs(finished, retryDelayMs(this.retry, row.attempts)) : finished),
      statusCode: result.statusCode,
      error: result.error,
      deliveredAt: status === 'delivered' ? isoTime(finished) : null,
    });
    this.options.logger.info(
      {
        deliveryId: row.id,
        url: row.url,
        attempt: row.attempts,
        statusCode: result.statusCode,
        error: result.error,
        status,
        kept,
      },
      'webhook attempt',
    );
  }
}
