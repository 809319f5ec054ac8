/**
 * One session's incidents on their way to the service. Each is journaled (fsynced) before it is
 * sent; sending happens in the order raised, in batches, and resumes with backoff after the network
 * drops. When the network comes back a NETWORK_LOST incident records the gap. Every incident carries
 * a clientId, so a batch re-sent after a lost acknowledgement is stored once by the service. A
 * journal whose MAC chain fails (incident-journal.ts) is reported once as JOURNAL_TAMPERED, queued
 * ahead of nothing: it goes out with the next send.
 */
import { randomUUID } from 'node:crypto';
import type { ClientIncident } from '../../shared/api/client';
import type { ClientIncidentType } from '../../shared/incidents';
import { backoffDelay } from '../../shared/retry/backoff';
import { isNetworkError } from '../api/api-error';
import { IncidentJournal, type JournalIntegrity } from './incident-journal';

export const MAX_BATCH = 200;

export interface IncidentQueueOptions {
  journalPath: string;
  /** The session's secret key: the journal's MACs are keyed with it (never written to the journal). */
  journalKey: string;
  send(incidents: ClientIncident[]): Promise<void>;
  onNetworkStatus?(online: boolean): void;
  /** Failures that are neither network nor service trouble (a 4xx): the batch is dropped and logged. */
  onDropped?(incidents: ClientIncident[], error: unknown): void;
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => Date;
}

export interface RaiseInput {
  type: ClientIncidentType;
  details?: Record<string, unknown>;
  recordingOffsetMs?: number;
  occurredAt?: Date;
}

export class IncidentQueue {
  private readonly journal: IncidentJournal;
  private pending: ClientIncident[] = [];
  private offlineSince: Date | null = null;
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAttempt = 0;
  private closed = false;
  private sent = 0;

  private constructor(private readonly options: IncidentQueueOptions) {
    this.journal = new IncidentJournal(options.journalPath, options.journalKey);
  }

  /** Opens the queue, picking up whatever an earlier run left unsent. */
  static async open(options: IncidentQueueOptions): Promise<IncidentQueue> {
    const queue = new IncidentQueue(options);
    const state = await queue.journal.load();
    queue.pending = state.pending;
    queue.sent = state.sentCount;
    await queue.reportTampering(state.integrity);
    return queue;
  }

  /** Bad lines an earlier run has not reported yet become one JOURNAL_TAMPERED, which marks them reported. */
  private async reportTampering(integrity: JournalIntegrity): Promise<void> {
    const fresh = integrity.badLines.filter((line) => line > integrity.reportedThrough);
    if (fresh.length === 0) return;
    const incident: ClientIncident = {
      clientId: randomUUID(),
      type: 'JOURNAL_TAMPERED',
      occurredAt: this.now().toISOString(),
      details: {
        journalLines: integrity.lines,
        badLines: fresh.slice(0, 50),
        badLineCount: fresh.length,
      },
    };
    await this.journal.append({ kind: 'incident', incident });
    this.pending.push(incident);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get sentCount(): number {
    return this.sent;
  }

  get online(): boolean {
    return this.offlineSince === null;
  }

  /** Journals the incident (durable once this resolves) and starts sending in the background. */
  async raise(input: RaiseInput): Promise<ClientIncident> {
    const incident: ClientIncident = {
      clientId: randomUUID(),
      type: input.type,
      occurredAt: (input.occurredAt ?? this.now()).toISOString(),
      details: input.details ?? {},
      ...(input.recordingOffsetMs === undefined ? {} : { recordingOffsetMs: input.recordingOffsetMs }),
    };
    await this.journal.append({ kind: 'incident', incident });
    this.pending.push(incident);
    void this.flush();
    return incident;
  }

  /** Sends everything pending, in order; resolves when the queue is empty or the network is down. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.draining;
    await this.journal.close();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.closed) {
      const batch = this.pending.slice(0, MAX_BATCH);
      const attemptedAt = this.now();
      try {
        await this.options.send(batch);
      } catch (error) {
        if (isNetworkError(error) || isServiceTrouble(error)) {
          // The gap began no later than the first incident that could not go out.
          const firstUnsent = new Date(Math.min(attemptedAt.getTime(), Date.parse(batch[0]!.occurredAt)));
          if (isNetworkError(error)) this.markOffline(firstUnsent);
          this.scheduleRetry();
          return;
        }
        await this.settle(batch, { kind: 'dropped', clientIds: batch.map((i) => i.clientId), reason: describe(error) });
        this.options.onDropped?.(batch, error);
        continue;
      }
      await this.settle(batch, { kind: 'sent', clientIds: batch.map((i) => i.clientId) });
      this.sent += batch.length;
      this.retryAttempt = 0;
      await this.markOnline();
    }
  }

  private async settle(
    batch: ClientIncident[],
    record: { kind: 'sent'; clientIds: string[] } | { kind: 'dropped'; clientIds: string[]; reason: string },
  ): Promise<void> {
    await this.journal.append(record);
    const settled = new Set(batch.map((i) => i.clientId));
    this.pending = this.pending.filter((i) => !settled.has(i.clientId));
  }

  private markOffline(at: Date): void {
    if (this.offlineSince) return;
    this.offlineSince = at;
    this.options.onNetworkStatus?.(false);
  }

  /** The first successful send after a gap records the gap itself, queued behind what was waiting. */
  private async markOnline(): Promise<void> {
    const since = this.offlineSince;
    if (!since) return;
    this.offlineSince = null;
    this.options.onNetworkStatus?.(true);
    const until = this.now();
    const incident: ClientIncident = {
      clientId: randomUUID(),
      type: 'NETWORK_LOST',
      occurredAt: since.toISOString(),
      details: {
        offlineSince: since.toISOString(),
        onlineAt: until.toISOString(),
        durationMs: until.getTime() - since.getTime(),
      },
    };
    await this.journal.append({ kind: 'incident', incident });
    this.pending.push(incident);
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = backoffDelay(this.retryAttempt, {
      baseMs: this.options.retryBaseMs ?? 1_000,
      maxMs: this.options.retryMaxMs ?? 15_000,
    });
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
    this.retryTimer.unref?.();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function isServiceTrouble(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // tampered_response: a proxy rewrote the answer; the service may well have stored the batch, and a
  // re-send is de-duplicated, so keep it rather than let a forged answer make the client drop it.
  return (
    code === 'internal' || code === 'rate_limited' || code === 'insufficient_storage' || code === 'tampered_response'
  );
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    return `${String(error.code)}: ${String(error.message)}`;
  }
  return String(error);
}
