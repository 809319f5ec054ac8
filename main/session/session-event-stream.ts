/**
 * The service's push channel (`GET /v1/client/session/events`, signed, text/event-stream): state
 * changes and auth scores reach the candidate at once instead of by polling. Reconnects with
 * backoff whenever the stream drops, until stopped. Every message must carry its number and a MAC
 * with the session key; one that does not is reported (TAMPERED_RESPONSE) and ends the connection.
 */
import type { Readable } from 'node:stream';
import { isAxiosError, type AxiosResponse } from 'axios';
import type { SessionEvent } from '../../shared/api/client';
import { apiRoutes } from '../../shared/api/routes';
import { backoffDelay } from '../../shared/retry/backoff';
import { TERMINAL_STATES } from '../../shared/session-states';
import type { ApiClient } from '../api/api-client';
import type { Logger } from '../logger';
import { ServerSentEventParser } from './server-sent-events';

const EVENTS_ROUTE = apiRoutes.sessionEvents;
/** What each message's `data:` line holds. */
const EVENT_CONTENT_TYPE = 'text/event-stream';
const sessionEventSchema = EVENTS_ROUTE.responses[200].content[EVENT_CONTENT_TYPE];

export interface SessionEventStreamOptions {
  api: ApiClient;
  onEvent(event: SessionEvent): void;
  log: Logger;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class SessionEventStream {
  private running = false;
  private abort: AbortController | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SessionEventStreamOptions) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.abort?.abort();
    this.abort = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const response = await this.options.api.http.request<Readable>({
        method: EVENTS_ROUTE.method.toLowerCase(),
        url: EVENTS_ROUTE.path,
        responseType: 'stream',
        timeout: 0,
        signal: abort.signal,
        headers: { accept: EVENT_CONTENT_TYPE },
        vigil: { auth: 'session', retries: 0 },
      });
      const attempt = this.attempt;
      this.attempt = 0;
      // A connection a proxy tampers with is not a success: keep backing off.
      if (await this.consume(response, abort)) this.attempt = attempt;
    } catch (error) {
      if (this.running) this.options.log.warn('session event stream failed', { error: String(error) });
      // The key is no longer good (revoked, session gone): retrying cannot help.
      const status = isAxiosError(error) ? error.response?.status : undefined;
      if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) this.stop();
    }
    this.scheduleReconnect();
  }

  /** Resolves when the stream ends: true when it was cut because a message was refused. */
  private consume(response: AxiosResponse<Readable>, abort: AbortController): Promise<boolean> {
    const stream = response.data;
    const verify = this.options.api.eventVerifier(response);
    let refused = false;
    const parser = new ServerSentEventParser((event) => {
      if (refused) return;
      const tampered = verify(event);
      if (tampered) {
        // Nothing after a refused message can be trusted on this connection: drop it and reconnect.
        refused = true;
        this.options.log.warn('refused an event stream message whose MAC does not verify', { reason: tampered.reason });
        this.options.api.reportTampered(tampered);
        abort.abort();
        stream.destroy();
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = sessionEventSchema.safeParse(json);
      if (!parsed.success) return;
      this.options.onEvent(parsed.data);
      // The service ends the stream after a terminal state; reconnecting would only replay it.
      if (parsed.data.type === 'state' && TERMINAL_STATES.includes(parsed.data.state)) this.stop();
    });
    stream.setEncoding('utf8');
    return new Promise((resolve) => {
      stream.on('data', (chunk: string) => parser.push(chunk));
      stream.on('end', () => resolve(refused));
      stream.on('close', () => resolve(refused));
      stream.on('error', () => resolve(refused));
    });
  }

  private scheduleReconnect(): void {
    if (!this.running || this.timer) return;
    const delay = backoffDelay(this.attempt, {
      baseMs: this.options.retryBaseMs ?? 1_000,
      maxMs: this.options.retryMaxMs ?? 30_000,
    });
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref?.();
  }
}
