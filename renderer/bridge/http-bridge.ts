/**
 * The bridge over HTTP, for the preview and the end-to-end tests: the same typed `window.vigil`
 * (shared/ipc/bridge.ts) talking to main/preview/bridge-host.ts instead of Electron IPC.
 * The host's per-run token arrives in the URL fragment; it is moved to sessionStorage (so a reload
 * keeps working) and removed from the address bar.
 */
import { createBridge, type BridgeTransport, type VigilBridge } from '../../shared/ipc/bridge';
import type { EventChannel, IpcError } from '../../shared/ipc/contract';
import { decodeWire, encodeWire } from '../../shared/ipc/wire';

const TOKEN_PARAM = 'vigil-token';
const TOKEN_STORAGE_KEY = 'vigil.bridgeToken';

type Envelope = { ok: true; value: unknown } | { ok: false; error: IpcError };

/** Reads the token from `#vigil-token=…` (then forgets the fragment) or from this tab's storage. */
export function takeBridgeToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  storage: Storage,
  history?: History,
): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get(TOKEN_PARAM);
  if (fromFragment) {
    storage.setItem(TOKEN_STORAGE_KEY, fromFragment);
    history?.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromFragment;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

export function createHttpTransport(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): BridgeTransport {
  const headers = { authorization: `Bearer ${token}` };
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let stream: AbortController | null = null;

  const dispatch = (channel: string, data: string) => {
    const set = listeners.get(channel as EventChannel);
    if (!set) return;
    const payload = decodeWire(data);
    for (const listener of set) listener(payload);
  };

  /** One server-sent-events stream for all channels, read with fetch (EventSource cannot send the token). */
  const connect = () => {
    if (stream) return;
    const controller = new AbortController();
    stream = controller;
    const run = async () => {
      const response = await fetchImpl(new URL('bridge/events', baseUrl), { headers, signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) dispatch(event, data);
        }
      }
    };
    run()
      .catch(() => undefined)
      .finally(() => {
        if (stream !== controller) return;
        stream = null;
        // The host went away or restarted: reconnect while anyone is listening.
        if (!controller.signal.aborted && [...listeners.values()].some((set) => set.size > 0))
          setTimeout(connect, 1000);
      });
  };

  return {
    async invoke(channel, payload) {
      const body = payload === undefined ? undefined : encodeWire(payload);
      let response: Response;
      try {
        response = await fetchImpl(new URL(`bridge/invoke/${channel}`, baseUrl), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
      } catch {
        throw { code: 'unavailable', message: 'The exam client is not answering.' } satisfies IpcError;
      }
      if (!response.ok) throw { code: `http_${response.status}`, message: await response.text() } satisfies IpcError;
      const envelope = decodeWire(await response.text()) as Envelope;
      if (envelope.ok) return envelope.value;
      throw { code: envelope.error.code, message: envelope.error.message } satisfies IpcError;
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      connect();
      return () => {
        set.delete(listener);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          stream?.abort();
          stream = null;
        }
      };
    },
  };
}

export function createHttpBridge(baseUrl: string, token: string): VigilBridge {
  return createBridge(createHttpTransport(baseUrl, token));
}
