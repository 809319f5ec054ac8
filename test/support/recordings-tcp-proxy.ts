/**
 * A TCP proxy on 127.0.0.1 that understands just enough HTTP/1.1 (request line, Content-Length) to
 * act on the body of a PATCH: let it through, cut the connection part-way, stall it part-way (so a
 * test can kill a process while a PATCH is in flight), or flip a byte in it.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

export type PatchAction =
  | { kind: 'pass' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'corrupt'; atByte: number };

export interface PatchInfo {
  /** 0 for the first PATCH this proxy saw. */
  index: number;
  path: string;
  contentLength: number;
}

type ProxyEvents = {
  /** A PATCH body was stalled after `forwarded` bytes. */
  stalled: [PatchInfo & { forwarded: number }];
  cut: [PatchInfo & { forwarded: number }];
};

interface RequestState {
  phase: 'head' | 'body';
  head: Buffer;
  remaining: number;
  forwardedBody: number;
  patch: (PatchInfo & { action: PatchAction }) | null;
  stalled: boolean;
}

export class TcpProxy extends EventEmitter<ProxyEvents> {
  /** Decides what happens to each PATCH body; pass by default. */
  onPatch: (info: PatchInfo) => PatchAction = () => ({ kind: 'pass' });
  patchCount = 0;
  /** PATCH body bytes forwarded to the service, over all requests. */
  patchBodyBytes = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private targetPort: number,
  ) {
    super();
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, targetPort);
    server.on('connection', (client) => proxy.handle(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setTarget(port: number): void {
    this.targetPort = port;
  }

  /** Drops every open connection (stalled ones included). */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    upstream.pipe(client);
    const state: RequestState = {
      phase: 'head',
      head: Buffer.alloc(0),
      remaining: 0,
      forwardedBody: 0,
      patch: null,
      stalled: false,
    };
    client.on('data', (data: Buffer) => this.forward(state, data, upstream, drop));
  }

  private forward(state: RequestState, data: Buffer, upstream: net.Socket, drop: () => void): void {
    let rest = data;
    while (rest.byteLength > 0) {
      if (state.stalled) return;
      if (state.phase === 'head') {
        state.head = Buffer.concat([state.head, rest]);
        const end = state.head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headText = state.head.subarray(0, end).toString('latin1');
        const headBytes = state.head.subarray(0, end + 4);
        rest = state.head.subarray(end + 4);
        state.head = Buffer.alloc(0);
        upstream.write(headBytes);
        const [method = '', path = ''] = headText.split('\r\n')[0]!.split(' ');
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(headText);
        state.remaining = length ? Number(length[1]) : 0;
        state.forwardedBody = 0;
        state.patch = null;
        if (method === 'PATCH') {
          const info: PatchInfo = { index: this.patchCount++, path, contentLength: state.remaining };
          state.patch = { ...info, action: this.onPatch(info) };
        }
        if (state.remaining > 0) state.phase = 'body';
        continue;
      }
      const take = Math.min(state.remaining, rest.byteLength);
      let piece = Buffer.from(rest.subarray(0, take));
      rest = rest.subarray(take);
      const action = state.patch?.action ?? { kind: 'pass' };
      const before = state.forwardedBody;
      if ((action.kind === 'cut' || action.kind === 'stall') && before + piece.byteLength > action.afterBytes) {
        piece = piece.subarray(0, Math.max(0, action.afterBytes - before));
        this.write(state, upstream, piece);
        const info = { ...state.patch!, forwarded: state.forwardedBody };
        if (action.kind === 'cut') {
          this.emit('cut', info);
          drop();
        } else {
          state.stalled = true;
          this.emit('stalled', info);
        }
        return;
      }
      if (action.kind === 'corrupt' && action.atByte >= before && action.atByte < before + piece.byteLength) {
        piece[action.atByte - before]! ^= 0xff;
      }
      this.write(state, upstream, piece);
      state.remaining -= take;
      if (state.remaining === 0) state.phase = 'head';
    }
  }

  private write(state: RequestState, upstream: net.Socket, piece: Buffer): void {
    if (piece.byteLength === 0) return;
    upstream.write(piece);
    state.forwardedBody += piece.byteLength;
    if (state.patch) this.patchBodyBytes += piece.byteLength;
  }
}
