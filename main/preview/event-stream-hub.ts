/**
 * Main → renderer events for the preview: each connected page holds one server-sent-events response.
 * Payloads are parsed with the event's schema first and the parsed value sent (as createEventSender
 * does for Electron), so nothing outside the contract leaves.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { ipcEventContract, type EventChannel, type EventPayload } from '../../shared/ipc/contract';
import { encodeWire } from '../../shared/ipc/wire';
import type { EventEmitterFn } from '../core/ports';
import type { Logger } from '../logger';

const KEEPALIVE_MS = 15_000;

export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly log: Logger) {
    // A comment line now and then keeps proxies and idle timers from closing the stream.
    this.keepalive = setInterval(() => this.write(':\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  readonly emit: EventEmitterFn = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => {
    const parsed = ipcEventContract[channel].safeParse(payload);
    if (!parsed.success) {
      this.log.error('event breaks the contract, not sent', { channel, error: z.prettifyError(parsed.error) });
      return;
    }
    this.write(`event: ${channel}\ndata: ${encodeWire(parsed.data)}\n\n`);
  };

  get connections(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }
}
