/** A real HTTP server on 127.0.0.1 that records every webhook it gets and answers as each test scripts it. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../../shared/api/webhooks';
import { waitFor as waitUntil } from './wait-for';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  payload: WebhookPayload;
}

/** What to answer to the n-th request (0-based): a status, a redirect, or never answering. */
export type ReceiverAnswer = number | { redirectTo: string } | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  answer: (index: number) => ReceiverAnswer = () => 200,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const index = received.length;
      received.push({ headers: request.headers, rawBody, payload: JSON.parse(rawBody) as WebhookPayload });
      const reply = answer(index);
      if (reply === 'hang') {
        hanging.add(() => response.destroy());
        return;
      }
      if (typeof reply === 'object') {
        response.writeHead(302, { location: reply.redirectTo }).end();
        return;
      }
      response.writeHead(reply, { 'content-type': 'text/plain' }).end(reply < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    received,
    close: async () => {
      for (const destroy of hanging) destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** test/support/wait-for.ts's waitFor in the argument order these tests were written with. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  return waitUntil(check, { describe: what, timeoutMs });
}
