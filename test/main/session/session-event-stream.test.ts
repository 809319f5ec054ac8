import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import type { TamperedResponse } from '../../../main/api/response-mac-interceptor';
import { silentLogger } from '../../../main/logger';
import { ServerSentEventParser, type ServerSentEvent } from '../../../main/session/server-sent-events';
import { SessionEventStream } from '../../../main/session/session-event-stream';
import { apiRoutes } from '../../../shared/api/routes';
import type { SessionEvent } from '../../../shared/api/client';
import { eventMac, eventStringToSign } from '../../../shared/signing/response-mac';
import { loadResponseSigner } from '../../../server/crypto/response-signing-key';
import { NONCE_HEADER } from '../../../shared/signing/shared-key';

const SECRET = 's'.repeat(64);

const answeredBy = (request: IncomingMessage) => ({
  method: request.method ?? '',
  url: request.url ?? '',
  date: request.headers.date ?? '',
  nonce: String(request.headers[NONCE_HEADER] ?? ''),
});

/** One message as the service frames it: its number on the connection and its MAC with the session key. */
function frame(request: IncomingMessage, seq: number, data: string): string {
  return `id: ${seq}\nmac: ${eventMac(SECRET, answeredBy(request), seq, data)}\ndata: ${data}\n\n`;
}

// The service's Ed25519 key (RFC 8032's first test seed) and another one a proxy might use.
const serviceKey = loadResponseSigner(
  '/nonexistent',
  '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
);
const proxyKey = loadResponseSigner('/nonexistent', 'ab'.repeat(32));

describe('server-sent events parser', () => {
  it('joins data lines, honours event names, ignores comments, across arbitrary chunk boundaries', () => {
    const events: ServerSentEvent[] = [];
    const parser = new ServerSentEventParser((event) => events.push(event));
    const text = ': keep-alive\r\nevent: state\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: two\n\n';
    for (const char of text) parser.push(char);
    expect(events).toEqual([
      { event: 'state', data: '{"a":\n1}' },
      { event: 'message', data: 'two' },
    ]);
  });
});

describe('session event stream (a local SSE server)', () => {
  let server: Server;
  let baseUrl: string;
  let connections: { request: IncomingMessage; response: ServerResponse }[];

  beforeEach(async () => {
    connections = [];
    server = createServer((request, response) => {
      if (request.url !== apiRoutes.sessionEvents.path) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      connections.push({ request, response });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs the request, forwards valid events, skips malformed ones, and reconnects after a drop', async () => {
    const api = new ApiClient({ serviceUrl: baseUrl, client: { version: 't', platform: 'linux', kind: 'desktop' } });
    api.setSessionKey({ keyId: 'k', secretKey: SECRET });
    const received: SessionEvent[] = [];
    const stream = new SessionEventStream({
      api,
      log: silentLogger,
      onEvent: (e) => received.push(e),
      retryBaseMs: 20,
    });
    stream.start();

    await vi.waitFor(() => expect(connections).toHaveLength(1));
    expect(connections[0]!.request.headers.authorization).toMatch(/^SharedKeyV2 k:/);
    const first = connections[0]!;
    first.response.write(frame(first.request, 1, '{"type":"state","state":"approved","reason":null}'));
    first.response.write(frame(first.request, 2, 'not json'));
    first.response.write(frame(first.request, 3, '{"type":"mystery"}'));
    first.response.end(frame(first.request, 4, '{"type":"auth-score","authScore":87}'));

    await vi.waitFor(() => expect(connections).toHaveLength(2)); // reconnected
    const second = connections[1]!;
    second.response.write(frame(second.request, 1, '{"type":"state","state":"stopped","reason":"auto-stop"}'));
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      { type: 'state', state: 'approved', reason: null },
      { type: 'auth-score', authScore: 87 },
      { type: 'state', state: 'stopped', reason: 'auto-stop' },
    ]);
    // A terminal state ends the stream for good: no reconnect that would only replay it.
    await vi.waitFor(() => expect(stream.active).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toHaveLength(2);
  });

  it('refuses a rewritten, unsigned or out-of-order message: reported once, the connection dropped', async () => {
    const api = new ApiClient({ serviceUrl: baseUrl, client: { version: 't', platform: 'linux', kind: 'desktop' } });
    api.setSessionKey({ keyId: 'k', secretKey: SECRET });
    const reports: TamperedResponse[] = [];
    api.onTamperedResponse((report) => reports.push(report));
    const received: SessionEvent[] = [];
    const stream = new SessionEventStream({
      api,
      log: silentLogger,
      onEvent: (e) => received.push(e),
      retryBaseMs: 10,
    });
    stream.start();
    const approved = '{"type":"state","state":"approved","reason":null}';

    // The MAC of the real message, over data a proxy rewrote.
    await vi.waitFor(() => expect(connections).toHaveLength(1));
    const rewritten = frame(connections[0]!.request, 1, '{"type":"state","state":"joined","reason":null}');
    connections[0]!.response.write(rewritten.replace('"joined"', '"approved"'));
    // No number and no MAC at all.
    await vi.waitFor(() => expect(connections).toHaveLength(2));
    connections[1]!.response.write(`data: ${approved}\n\n`);
    // A message dropped on the way: the first to arrive is number 2.
    await vi.waitFor(() => expect(connections).toHaveLength(3));
    connections[2]!.response.write(frame(connections[2]!.request, 2, approved));
    // A message MACed for another connection (its Date and nonce).
    await vi.waitFor(() => expect(connections).toHaveLength(4));
    connections[3]!.response.write(frame(connections[2]!.request, 1, approved));

    await vi.waitFor(() => expect(connections).toHaveLength(5));
    connections[4]!.response.write(frame(connections[4]!.request, 1, approved));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    stream.stop();
    expect(received).toEqual([{ type: 'state', state: 'approved', reason: null }]);
    expect(reports).toEqual([
      { method: 'GET', path: apiRoutes.sessionEvents.path, status: 200, reason: 'mismatch', keyId: 'k' },
    ]);
  });

  it('with the service key pinned, refuses a message whose MAC holds but that the service did not sign', async () => {
    const api = new ApiClient({
      serviceUrl: baseUrl,
      client: { version: 't', platform: 'linux', kind: 'desktop' },
      servicePublicKeys: [serviceKey.publicKey],
    });
    api.setSessionKey({ keyId: 'k', secretKey: SECRET });
    const reports: TamperedResponse[] = [];
    api.onTamperedResponse((report) => reports.push(report));
    const received: SessionEvent[] = [];
    const stream = new SessionEventStream({
      api,
      log: silentLogger,
      onEvent: (e) => received.push(e),
      retryBaseMs: 10,
    });
    stream.start();
    const signed = (request: IncomingMessage, data: string, key = serviceKey) =>
      frame(request, 1, data).replace(
        'data: ',
        `sig: ${key.sign(eventStringToSign(answeredBy(request), 1, data))}\ndata: `,
      );

    await vi.waitFor(() => expect(connections).toHaveLength(1));
    connections[0]!.response.write(frame(connections[0]!.request, 1, '{"type":"auth-score","authScore":1}'));
    await vi.waitFor(() => expect(connections).toHaveLength(2));
    connections[1]!.response.write(signed(connections[1]!.request, '{"type":"auth-score","authScore":2}', proxyKey));
    await vi.waitFor(() => expect(connections).toHaveLength(3));
    connections[2]!.response.write(signed(connections[2]!.request, '{"type":"auth-score","authScore":3}'));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    stream.stop();
    expect(received).toEqual([{ type: 'auth-score', authScore: 3 }]);
    expect(reports.map((report) => report.reason)).toEqual(['signature']);
  });

  it('gives up when the service refuses the key (4xx), instead of retrying forever', async () => {
    server.removeAllListeners('request');
    let attempts = 0;
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      attempts += 1;
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"unknown_key","message":"Unknown key k"}}');
    });
    const api = new ApiClient({ serviceUrl: baseUrl, client: { version: 't', platform: 'linux', kind: 'desktop' } });
    api.setSessionKey({ keyId: 'k', secretKey: 's'.repeat(64) });
    // Counted where the stream connects, so a reconnect shows the moment its timer fires.
    const connects = vi.spyOn(api.http, 'request');
    // The backoff runs on fake timers: "no retry" is checked by running every timer the stream could
    // have set (its backoff is at most retryMaxMs), not by waiting a while.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stream = new SessionEventStream({
        api,
        log: silentLogger,
        onEvent: () => undefined,
        retryBaseMs: 10,
        retryMaxMs: 1_000,
      });
      stream.start();
      await vi.waitFor(() => expect(stream.active).toBe(false));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(connects).toHaveBeenCalledTimes(1);
      expect(attempts).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
