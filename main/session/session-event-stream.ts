/**
 * The service's push channel (`GET /v1/client/session/events`, signed, text/event-stream): state
 * changes and auth scores reach the candidate at once instead of by polling. Reconnects with
 * backoff whenever the stream drops, until stopped.
 */
import type { Readable } from 'node:stream';
import { isAxiosError } from 'axios';
import { sessionEventSchema, type SessionEvent } from '../../shared/api/client';
import { TERMINAL_STATES } from '../../shared/session-states';
import type { ApiClient } from '../api/api-client';
import type { Logger } from '../logger';
import { ServerSentEventParser } from './server-sent-events';

export const SESSION_EVENTS_PATH = '/v1/client/session/events';

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
        method: 'get',
        url: SESSION_EVENTS_PATH,
        responseType: 'stream',
        timeout: 0,
        signal: abort.signal,
        headers: { accept: 'text/event-stream' },
        vigil: { auth: 'session', retries: 0 },
      });
      this.attempt = 0;
      await this.consume(response.data);
    } catch (error) {
      if (this.running) this.options.log.warn('session event stream failed', { error: String(error) });
      // The key is no longer good (revoked, session gone): retrying cannot help.
      const status = isAxiosError(error) ? error.response?.status : undefined;
      if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) this.stop();
    }
    this.scheduleReconnect();
  }

  private consume(stream: Readable): Promise<void> {
    const parser = new ServerSentEventParser((event) => {
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
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', () => resolve());
    });
  }

  private scheduleReconnect(): void {
    if (!this.running || this.timer) return;
    const base = this.options.retryBaseMs ?? 1_000;
    const delay = Math.min(this.options.retryMaxMs ?? 30_000, base * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref?.();
  }
}
