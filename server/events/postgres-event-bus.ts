/**
 * The event bus across instances on one PostgreSQL database: NOTIFY inside the publishing
 * transaction (PostgreSQL delivers it only at commit, in commit order) and one dedicated connection
 * per instance that LISTENs on a single channel and hands each event to this instance's listeners.
 *
 * The channel is named after the schema, so deployments (or test runs) sharing a database by schema
 * do not hear each other. A payload is `{"s": sessionId, "e": event}`, kept under NOTIFY's
 * 8000-byte limit: anything larger is sent as `{"s": sessionId, "r": 1}` and the stream re-reads
 * the session instead. When the listening connection drops it reconnects with backoff and asks
 * every local stream to re-read its session, since events may have passed meanwhile.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { sessionEventSchema, type SessionEvent } from '../../shared/api/client';
import { backoffDelay } from '../../shared/retry/backoff';
import type { UnitOfWork } from '../db/unit-of-work';
import { LocalSubscribers, type SessionEventBus, type SessionEventListener } from './session-event-bus';

/** NOTIFY refuses payloads of 8000 bytes or more; leave room for PostgreSQL's own framing. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7900;

export interface PostgresEventBusOptions {
  connectionString: string;
  onError(error: unknown, message: string): void;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** How often the listening connection is checked with a trivial query (default 30 s). */
  checkIntervalMs?: number;
}

interface Notification {
  s: string;
  e?: unknown;
  r?: 1;
}

export function channelForSchema(schema: string): string {
  // An identifier is at most 63 bytes; schema names are identifiers too, so keep the safe characters.
  return `vigil_events_${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

export function encodeNotification(sessionId: string, event: SessionEvent): string {
  const payload = JSON.stringify({ s: sessionId, e: event } satisfies Notification);
  if (Buffer.byteLength(payload, 'utf8') < MAX_NOTIFY_PAYLOAD_BYTES) return payload;
  return JSON.stringify({ s: sessionId, r: 1 } satisfies Notification);
}

export class PostgresEventBus implements SessionEventBus {
  private readonly subscribers = new LocalSubscribers();
  private client: pg.Client | null = null;
  private channel: string | null = null;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private attempt = 0;

  constructor(private readonly options: PostgresEventBusOptions) {}

  async start(): Promise<void> {
    await this.listen();
    // A connection that died without a word (a NAT dropping it, a failover) is only noticed when used:
    // use it now and then, and reconnect when that fails.
    this.checkTimer = setInterval(() => {
      const client = this.client;
      client?.query('select 1').catch(() => void client.end().catch(() => undefined));
    }, this.options.checkIntervalMs ?? 30_000);
    this.checkTimer.unref();
  }

  async publish(uow: UnitOfWork, sessionId: string, event: SessionEvent): Promise<void> {
    if (!this.channel) throw new Error('The PostgreSQL event bus is not started');
    await sql`select pg_notify(${this.channel}, ${encodeNotification(sessionId, event)})`.execute(uow.trx);
  }

  subscribe(sessionId: string, listener: SessionEventListener): () => void {
    return this.subscribers.add(sessionId, listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
    client.on('notification', (message) => this.deliver(message.channel, message.payload));
    // 'error' without a listener would crash the process; 'end' follows it, and reconnects.
    client.on('error', (error) => this.options.onError(error, 'event bus connection failed'));
    client.on('end', () => this.lost(client));
    await client.connect();
    try {
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      const channel = channelForSchema(rows[0]?.schema ?? 'public');
      await client.query(`LISTEN "${channel}"`);
      this.channel = channel;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.attempt = 0;
  }

  private deliver(channel: string, payload: string | undefined): void {
    if (channel !== this.channel || !payload) return;
    let notification: Notification;
    try {
      notification = JSON.parse(payload) as Notification;
    } catch {
      return;
    }
    if (typeof notification.s !== 'string') return;
    const event = sessionEventSchema.safeParse(notification.e);
    if (event.success) this.subscribers.emit(notification.s, event.data);
    else this.subscribers.resync(notification.s);
  }

  private lost(client: pg.Client): void {
    if (this.closing || this.client !== client) return;
    this.client = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnectTimer) return;
    const delay = backoffDelay(this.attempt, {
      baseMs: this.options.reconnectBaseMs ?? 100,
      maxMs: this.options.reconnectMaxMs ?? 5_000,
    });
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().then(
        // Whatever was published while we were away is lost: every stream re-reads its session.
        () => this.subscribers.resyncAll(),
        (error: unknown) => {
          this.options.onError(error, 'event bus reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}
