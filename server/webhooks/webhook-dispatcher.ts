/**
 * Delivers the outbox. Each tick claims due rows (a lease, and SKIP LOCKED on PostgreSQL, so
 * instances never send the same row at once), sends them, and records the outcome under the lease.
 * A row delivered (2xx) is never sent again; a service killed between attempts resumes from the table.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookOutboxRow } from '../db/schema';
import { addMs, isoTime, type Clock } from '../lib/time';
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
  /** How long a claim lasts; longer than a request can take, so a live worker never loses its row. */
  leaseMs?: number;
  pollIntervalMs?: number;
  batchSize?: number;
}

export class WebhookDispatcher {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? Math.max(60_000, this.requestTimeoutMs * 3);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 20;
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.running;
  }

  /** New rows were committed: look now rather than at the next poll. */
  wake(): void {
    if (!this.started) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One pass over everything due now; returns how many rows were attempted. */
  async runOnce(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const now = this.options.clock();
      const rows = await this.options.repositories.webhookOutbox.claimDue(
        this.workerId,
        isoTime(now),
        isoTime(addMs(now, this.leaseMs)),
        this.batchSize,
      );
      await Promise.all(rows.map((row) => this.attempt(row)));
      attempted += rows.length;
      if (rows.length < this.batchSize) return attempted;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.again = false;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'webhook dispatch failed'));
    await this.running;
    this.running = undefined;
    if (this.again) return this.schedule(0);
    this.schedule(await this.untilNextDue());
  }

  private async untilNextDue(): Promise<number> {
    try {
      const next = await this.options.repositories.webhookOutbox.nextDueAt();
      if (!next) return this.pollIntervalMs;
      return Math.max(0, Math.min(this.pollIntervalMs, Date.parse(next) - this.options.clock().getTime()));
    } catch {
      return this.pollIntervalMs;
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
