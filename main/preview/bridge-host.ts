/**
 * The preview and test bridge host: a small HTTP server on 127.0.0.1 that serves the built renderer
 * (the same files and security headers as the app:// protocol) and exposes the main process's
 * InvokeHandlers over HTTP, so the renderer runs unchanged in a plain browser:
 *   POST /bridge/invoke/<channel>   body and answer in shared/ipc/wire.ts encoding
 *   GET  /bridge/events             server-sent events, `event: <channel>`
 * Bridge calls need the per-run token (`Authorization: Bearer …`); the page receives it in the URL
 * fragment, which never reaches a server or a log. Not locked down: the renderer says so on screen.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../../shared/ipc/wire';
import type { EventEmitterFn } from '../core/ports';
import type { InvokeHandlers } from '../ipc/invoke-handlers';
import type { IpcEnvelope } from '../ipc/ipc-errors';
import { consoleLogger, type Logger } from '../logger';
import { createAppProtocolHandler, SECURITY_HEADERS } from '../protocol/app-protocol';
import { APP_ORIGIN } from '../security/app-origin';
import { dispatchInvoke, isInvokeChannel } from '../ipc/dispatch-invoke';
import { EventStreamHub } from './event-stream-hub';

/** The fragment parameter renderer/bridge/http-bridge.ts reads the token from. */
export const TOKEN_FRAGMENT_PARAM = 'vigil-token';
const INVOKE_PREFIX = '/bridge/invoke/';
const EVENTS_PATH = '/bridge/events';
/** Recording chunks are the largest payloads (a few MB, base64 in JSON). */
const MAX_BODY_BYTES = 48 * 1024 * 1024;

export interface BridgeHostOptions {
  handlers: InvokeHandlers;
  /** Searched in order for static files, as the app:// protocol does: the built renderer, then assets/. */
  staticRoots: readonly string[];
  port?: number;
  log?: Logger;
  /** Check every response against the contract (tests and development). */
  validateResponses?: boolean;
  /** A fixed token (tests); random per run otherwise. */
  token?: string;
  /**
   * Origins the renderer may frame (the exam page in the preview, renderer/exam/ExamFrame.tsx): the
   * page's CSP is fixed when it loads, before any session is launched, so the launcher names the
   * service's origin (where the demo exam lives) and any configured exam origins. Nothing else can be framed.
   */
  frameOrigins?: readonly string[];
}

export interface BridgeHost {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The page to open: the origin plus the token in the fragment. */
  entryUrl: string;
  token: string;
  /** Sends a main → renderer event to every connected page. */
  emit: EventEmitterFn;
  /** Pages currently connected to the event stream. */
  eventConnections(): number;
  close(): Promise<void>;
}

export async function startBridgeHost(options: BridgeHostOptions): Promise<BridgeHost> {
  const log = options.log ?? consoleLogger;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const hub = new EventStreamHub(log);
  const serveStatic = createAppProtocolHandler({ roots: options.staticRoots });
  const frameSource = (options.frameOrigins ?? []).map((value) => new URL(value).origin).join(' ');
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error('bridge host request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own Host header.
    if (request.headers.host !== new URL(origin).host) return sendText(response, 421, 'Misdirected request');
    const url = new URL(request.url ?? '/', origin);

    if (url.pathname.startsWith('/bridge/')) {
      if (!authorised(request)) return sendText(response, 401, 'Unauthorised');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) return sendText(response, 403, 'Forbidden origin');
      if (url.pathname === EVENTS_PATH && request.method === 'GET') return hub.attach(response);
      if (url.pathname.startsWith(INVOKE_PREFIX) && request.method === 'POST') {
        const channel = decodeURIComponent(url.pathname.slice(INVOKE_PREFIX.length));
        if (!isInvokeChannel(channel)) return sendText(response, 404, 'Unknown channel');
        const payload = await readPayload(request);
        const envelope: IpcEnvelope =
          payload === BODY_TOO_LARGE
            ? { ok: false, error: { code: 'too_large', message: 'The request is too large.' } }
            : payload === BAD_BODY
              ? { ok: false, error: { code: 'bad_request', message: 'The request body is not valid JSON.' } }
              : await dispatchInvoke(options.handlers, channel, payload.value, {
                  log,
                  validateResponses: options.validateResponses ?? false,
                });
        const body = encodeWire(envelope);
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        return void response.end(body);
      }
      return sendText(response, 405, 'Method not allowed');
    }

    // Everything else is the renderer's files, answered by the app:// protocol's own handler.
    const answer = await serveStatic(
      new Request(`${APP_ORIGIN}${url.pathname}`, { method: request.method === 'HEAD' ? 'HEAD' : request.method }),
    );
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => (headers[name] = value));
    if (frameSource && headers['content-security-policy'])
      headers['content-security-policy'] = `${headers['content-security-policy']}; frame-src ${frameSource}`;
    response.writeHead(answer.status, headers);
    response.end(answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined);
  }

  function authorised(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const expected = Buffer.from(token);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log.info('preview bridge host listening', { origin });

  return {
    origin,
    entryUrl: `${origin}/#${TOKEN_FRAGMENT_PARAM}=${encodeURIComponent(token)}`,
    token,
    emit: hub.emit,
    eventConnections: () => hub.connections,
    close: async () => {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const BODY_TOO_LARGE = Symbol('too large');
const BAD_BODY = Symbol('bad body');

async function readPayload(
  request: IncomingMessage,
): Promise<{ value: unknown } | typeof BODY_TOO_LARGE | typeof BAD_BODY> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return BODY_TOO_LARGE;
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: decodeWire(text) };
  } catch {
    return BAD_BODY;
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
