/**
 * Where every incident goes: the renderer's reports and the lockdown's own. It keeps one
 * IncidentQueue per session (journal in the data directory) and tells the renderer about
 * lockdown incidents and network changes.
 */
import { join } from 'node:path';
import type { ClientIncident } from '../../shared/api/client';
import type { ClientIncidentType } from '../../shared/incidents';
import type { EventEmitterFn } from '../core/ports';
import { BridgeError } from '../core/bridge-error';
import type { Logger } from '../logger';
import { IncidentQueue } from './incident-queue';

/** What lockdown steps report through: fire-and-forget, never throws. */
export interface IncidentSink {
  raise(type: ClientIncidentType, details: Record<string, unknown>, message: string): void;
}

export interface IncidentReporterOptions {
  /** Journals live in `<dataDir>/incidents/<sessionId>.jsonl`. */
  dataDir: string;
  /** The session's secret key, which keys the journal's MACs (null when the session is not held). */
  journalKey(sessionId: string): string | null;
  send(incidents: ClientIncident[]): Promise<void>;
  emit: EventEmitterFn;
  log: Logger;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Milliseconds into the exam's recording now (undefined before it began): given to incidents that carry none. */
  recordingOffsetMs?: () => number | undefined;
}

export class IncidentReporter implements IncidentSink {
  private queue: IncidentQueue | null = null;
  private sessionId: string | null = null;

  constructor(private readonly options: IncidentReporterOptions) {}

  get activeQueue(): IncidentQueue | null {
    return this.queue;
  }

  async openSession(sessionId: string): Promise<void> {
    if (this.sessionId === sessionId) return;
    await this.closeSession();
    const journalKey = this.options.journalKey(sessionId);
    if (!journalKey)
      throw new BridgeError('no_session', 'The session key is not held, so incidents cannot be journaled.');
    this.sessionId = sessionId;
    this.queue = await IncidentQueue.open({
      journalPath: join(this.options.dataDir, 'incidents', `${sessionId}.jsonl`),
      journalKey,
      send: this.options.send,
      onNetworkStatus: (online) => this.options.emit('network:status', { online }),
      onDropped: (incidents, error) =>
        this.options.log.warn('incidents refused by the service, dropped', {
          count: incidents.length,
          error: String(error),
        }),
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
    });
    // Whatever a crashed run left behind goes out first.
    void this.queue.flush();
  }

  /** Waits for the queue to drain as far as the network allows, then closes it. */
  async closeSession(): Promise<void> {
    const queue = this.queue;
    this.queue = null;
    this.sessionId = null;
    if (!queue) return;
    await queue.flush();
    await queue.close();
  }

  async report(input: {
    type: ClientIncidentType;
    details?: Record<string, unknown>;
    recordingOffsetMs?: number;
  }): Promise<{ queued: boolean }> {
    if (!this.queue) throw new BridgeError('no_session', 'Incidents can be reported only during a session.');
    await this.queue.raise({
      ...input,
      recordingOffsetMs: input.recordingOffsetMs ?? this.options.recordingOffsetMs?.(),
    });
    return { queued: true };
  }

  raise(type: ClientIncidentType, details: Record<string, unknown>, message: string): void {
    this.options.emit('lockdown:incident', { type, message });
    if (!this.queue) {
      this.options.log.info('incident outside a session, not sent', { type, details });
      return;
    }
    this.queue
      .raise({ type, details, recordingOffsetMs: this.options.recordingOffsetMs?.() })
      .catch((error: unknown) => {
        this.options.log.error('could not journal an incident', { type, error: String(error) });
      });
  }
}
