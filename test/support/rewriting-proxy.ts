/**
 * A real HTTP reverse proxy on 127.0.0.1 in front of the exam service, as a candidate (or anyone on
 * the path) would run one to rewrite the policy on its way to the lockdown. Requests pass through
 * untouched (they are signed); each answer can be rewritten, swapped for a recorded one, or left
 * alone. Event streams are passed through line by line, each `data:` line open to rewriting.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedAnswer {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  /** The request's headers and body as the client sent them (what a proxy sees: the launch code, a Date, a nonce). */
  request: { headers: IncomingHttpHeaders; body: string };
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Returns the answer to send instead (any field), or undefined to pass it through unchanged. */
export type AnswerRewriter = (answer: ProxiedAnswer) => Partial<ProxiedAnswer> | undefined;

export interface RewritingProxy {
  baseUrl: string;
  /** Applied to every buffered (non-stream) answer; null passes everything through. */
  rewrite: AnswerRewriter | null;
  /** Applied to each `data:` line of an event stream (without the `data: ` prefix); null passes it through. */
  rewriteEventData: ((data: string) => string) | null;
  /** Every answer the service gave, as it gave it (before any rewriting). */
  readonly answers: ProxiedAnswer[];
  /** How many answers were actually changed on the way. */
  readonly rewritten: number;
  close(): Promise<void>;
}

export async function startRewritingProxy(targetBaseUrl: string): Promise<RewritingProxy> {
  const target = new URL(targetBaseUrl);
  const answers: ProxiedAnswer[] = [];
  let rewritten = 0;

  const server: Server = createServer((incoming, outgoing) => {
    const requestChunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        // The Host the client addressed goes on as it was (SharedKeyV2 signs it).
        headers: incoming.headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (String(answer.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          outgoing.writeHead(status, answer.headers);
          outgoing.flushHeaders();
          let buffer = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => {
            buffer += chunk;
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            for (const line of lines) {
              if (proxy.rewriteEventData && line.startsWith('data: ')) {
                const data = line.slice('data: '.length);
                const changed = proxy.rewriteEventData(data);
                if (changed !== data) rewritten += 1;
                outgoing.write(`data: ${changed}\n`);
              } else {
                outgoing.write(`${line}\n`);
              }
            }
          });
          answer.on('end', () => outgoing.end(buffer));
          outgoing.on('close', () => answer.destroy());
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const original: ProxiedAnswer = {
            method: incoming.method ?? 'GET',
            url: incoming.url ?? '/',
            request: { headers: incoming.headers, body: Buffer.concat(requestChunks).toString('utf8') },
            status,
            headers: answer.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          };
          answers.push(original);
          const change = proxy.rewrite?.(original);
          const sent = { ...original, ...change };
          if (change) rewritten += 1;
          const headers: IncomingHttpHeaders = { ...sent.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(Buffer.byteLength(sent.body));
          outgoing.writeHead(sent.status, headers);
          outgoing.end(sent.body);
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: RewritingProxy = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rewrite: null,
    rewriteEventData: null,
    answers,
    get rewritten() {
      return rewritten;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}

/**
 * Rewrites one policy field wherever a JSON answer carries a `policy` object; undefined when the
 * answer has none (so it passes through untouched).
 */
export function rewritePolicyField(field: string, value: unknown): AnswerRewriter {
  return (answer) => {
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      return undefined;
    }
    if (!json || typeof json !== 'object' || !('policy' in json)) return undefined;
    const body = json as { policy: Record<string, unknown> };
    body.policy = { ...body.policy, [field]: value };
    return { body: JSON.stringify(body) };
  };
}
