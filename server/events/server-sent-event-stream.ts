/**
 * One client's text/event-stream response: a `retry:` hint, the session as it is now (so a
 * reconnecting client catches up on what it missed), then every event the bus delivers, with a
 * comment line every `pingMs` so proxies and the client see the connection is alive. A terminal
 * state ends the stream: there is nothing more to say about the session. Each message carries its
 * number on the connection (`id:`), a MAC with the session key (`mac:`, shared/signing/response-mac)
 * and the service's Ed25519 signature (`sig:`): a browser's EventSource ignores the unknown fields,
 * the desktop client refuses a message without them.
 */
import type { ServerResponse } from 'node:http';
import type { SessionEvent } from '../../shared/api/client';
import { TERMINAL_STATES } from '../../shared/session-states';
import type { SessionEventBus } from './session-event-bus';

export interface ServerSentEventStreamOptions {
  response: ServerResponse;
  sessionId: string;
  bus: SessionEventBus;
  /** The session's current state and score, read from the database. */
  snapshot(): Promise<SessionEvent[]>;
  pingMs: number;
  /** What a browser's EventSource waits before reconnecting (the desktop client has its own backoff). */
  retryMs: number;
  onError(error: unknown): void;
  /** The MAC and the service's signature of message number `seq` (from 1) whose data line is `data`. */
  authenticate(seq: number, data: string): { mac: string; sig: string };
}

export function formatServerSentEvent(
  event: SessionEvent,
  seq: number,
  authenticate: ServerSentEventStreamOptions['authenticate'],
): string {
  // JSON.stringify never emits a raw newline, so one data line carries the whole event.
  const data = JSON.stringify(event);
  const { mac, sig } = authenticate(seq, data);
  return `id: ${seq}\nmac: ${mac}\nsig: ${sig}\ndata: ${data}\n\n`;
}

export const SERVER_SENT_EVENT_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and similar proxies buffer responses unless told not to.
  'x-accel-buffering': 'no',
} as const;

export class ServerSentEventStream {
  private queue: SessionEvent[] | null = [];
  private unsubscribe: (() => void) | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private ended = false;
  private snapshotting: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(private readonly options: ServerSentEventStreamOptions) {}

  /** Subscribes before reading the snapshot, so nothing published in between is lost (a repeat is harmless). */
  async open(): Promise<void> {
    const { response } = this.options;
    response.on('close', () => this.cleanUp());
    this.unsubscribe = this.options.bus.subscribe(this.options.sessionId, {
      onEvent: (event) => (this.queue ? this.queue.push(event) : this.send(event)),
      onResync: () => void this.resync(),
    });
    response.writeHead(200, SERVER_SENT_EVENT_HEADERS);
    response.write(`retry: ${this.options.retryMs}\n\n`);
    this.pingTimer = setInterval(() => this.write(': ping\n\n'), this.options.pingMs);
    this.pingTimer.unref();
    await this.resync();
    const queued = this.queue ?? [];
    this.queue = null;
    for (const event of queued) this.send(event);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.cleanUp();
    this.options.response.end();
  }

  private resync(): Promise<void> {
    this.snapshotting = this.snapshotting.then(async () => {
      if (this.ended) return;
      try {
        for (const event of await this.options.snapshot()) this.send(event);
      } catch (error) {
        this.options.onError(error);
        this.end();
      }
    });
    return this.snapshotting;
  }

  private send(event: SessionEvent): void {
    if (this.ended || this.options.response.destroyed) return;
    this.seq += 1;
    this.write(formatServerSentEvent(event, this.seq, this.options.authenticate));
    if (event.type === 'state' && TERMINAL_STATES.includes(event.state)) this.end();
  }

  private write(chunk: string): void {
    if (this.ended || this.options.response.destroyed) return;
    this.options.response.write(chunk);
  }

  private cleanUp(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
