/**
 * Reads the service's client event stream (GET /v1/client/session/events) over real HTTP, signed
 * with the session key, and parses it with the desktop client's own parser
 * (main/session/server-sent-events.ts), so a test passing here means the client understands it.
 */
import { ServerSentEventParser } from '../../main/session/server-sent-events';
import { sessionEventSchema, type SessionEvent } from '../../shared/api/client';
import { signRequestHeaders } from '../../shared/signing/shared-key';
import type { TestKey } from './service-client';

export const EVENTS_PATH = '/v1/client/session/events';

export interface EventStreamReader {
  status: number;
  contentType: string | null;
  /** Every event so far, in order (validated against sessionEventSchema). */
  events: SessionEvent[];
  /** The raw text so far (comments and `retry:` included). */
  text(): string;
  /** Resolves with the first event from index `from` on that matches. */
  next(match: (event: SessionEvent) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<SessionEvent>;
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the service ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(
  baseUrl: string,
  key: TestKey,
  options: { now?: Date; headers?: Record<string, string> } = {},
): Promise<EventStreamReader> {
  const abort = new AbortController();
  const signed = signRequestHeaders({
    scheme: 'SharedKeyV2',
    keyId: key.keyId,
    secretKey: key.secretKey,
    method: 'GET',
    url: `${baseUrl}${EVENTS_PATH}`,
    ...(options.now ? { now: options.now } : {}),
  });
  const response = await fetch(`${baseUrl}${EVENTS_PATH}`, {
    headers: { accept: 'text/event-stream', ...signed, ...options.headers },
    signal: abort.signal,
  });
  const events: SessionEvent[] = [];
  let raw = '';
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const parser = new ServerSentEventParser((event) => {
    events.push(sessionEventSchema.parse(JSON.parse(event.data)));
  });
  let finished = false;
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        parser.push(text);
        notify();
      }
    } catch {
      // Aborted by close().
    } finally {
      finished = true;
      notify();
    }
  })();

  const waitUntil = <T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (finished) {
          cleanup();
          reject(new Error(`The event stream ended before ${what}; got ${JSON.stringify(events)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });

  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    text: () => raw,
    next: (match, { from = 0, timeoutMs = 10_000 } = {}) =>
      waitUntil('a matching event', () => events.slice(from).find(match), timeoutMs),
    waitForText: async (pattern, timeoutMs = 10_000) => {
      await waitUntil(`text ${pattern}`, () => (pattern.test(raw) ? true : undefined), timeoutMs);
    },
    ended,
    close: () => abort.abort(),
  };
}

export const isState =
  (state: string) =>
  (event: SessionEvent): boolean =>
    event.type === 'state' && event.state === state;
