/**
 * HTTP/1.1 over a bare socket, for tests that must see when the service answers relative to the body
 * it was promised: the head goes first, then the test waits, and only sends the body if no answer came.
 * The service's side of the connection is watched too, to tell how many bytes it actually read.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The answer arrived before a byte of the body was sent. */
  answeredBeforeBody: boolean;
  /** Bytes the service read from this connection (head and any body), measured on its socket. */
  serviceBytesRead: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Bytes promised by Content-Length (the head says so); sent only if the service has not answered. */
  bodyBytes: number;
  /** How long to wait for an early answer before sending the body (default 1.5 s). */
  waitMs?: number;
}

function parseAnswer(raw: Buffer): { status: number; headers: Record<string, string>; body: string } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = raw.subarray(end + 4);
  if (body.byteLength < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') };
}

export async function rawRequest(app: FastifyInstance, baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const serviceSockets: Socket[] = [];
  const onConnection = (socket: Socket) => serviceSockets.push(socket);
  app.server.on('connection', onConnection);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  app.server.off('connection', onConnection);

  let received = Buffer.alloc(0);
  let closed = false;
  const answered = new Promise<NonNullable<ReturnType<typeof parseAnswer>>>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received);
      if (answer) resolve(answer);
    });
    socket.on('close', () => {
      closed = true;
      reject(new Error(`connection closed without an answer (${received.byteLength} bytes received)`));
    });
    socket.on('error', () => undefined);
  });
  answered.catch(() => undefined);

  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    `host: ${url.host}`,
    `content-length: ${request.bodyBytes}`,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  socket.write(`${head}\r\n\r\n`);

  const early = await Promise.race([
    answered.then((answer) => answer),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), request.waitMs ?? 1_500)),
  ]);
  let answer = early;
  if (!answer) {
    // No early answer: send the body as a well-behaved client would, until the service hangs up.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < request.bodyBytes && !closed; sent += chunk.byteLength) {
      const part = chunk.subarray(0, Math.min(chunk.byteLength, request.bodyBytes - sent));
      if (!socket.write(part)) {
        await new Promise<void>((resolve) => socket.once('drain', () => resolve()).once('close', () => resolve()));
      }
    }
    answer = await answered;
  }
  // Let the service finish with the connection before its bytes are counted.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const serviceBytesRead = serviceSockets.reduce((total, s) => total + s.bytesRead, 0);
  socket.destroy();
  return { ...answer, answeredBeforeBody: early !== undefined, serviceBytesRead };
}
