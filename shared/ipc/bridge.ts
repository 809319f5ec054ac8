/**
 * The renderer's view of the main process: a transport-agnostic typed bridge.
 * In Electron the preload builds it over ipcRenderer; in the browser preview and the
 * end-to-end tests it is built over HTTP to the same handlers.
 */
import type { EventChannel, EventPayload, InvokeChannel, InvokeRequest, InvokeResponse } from './contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './contract';

export interface BridgeTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export type VigilBridge = {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...payload: InvokeRequest<C> extends undefined ? [] : [InvokeRequest<C>]
  ): Promise<InvokeResponse<C>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Builds the bridge, refusing channel names outside the contract before anything is sent. */
export function createBridge(transport: BridgeTransport): VigilBridge {
  const invokeChannels = new Set<string>(INVOKE_CHANNELS);
  const eventChannels = new Set<string>(EVENT_CHANNELS);
  return {
    invoke: (channel, ...payload) => {
      if (!invokeChannels.has(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
      return transport.invoke(channel, payload[0]) as Promise<never>;
    },
    on: (channel, listener) => {
      if (!eventChannels.has(channel)) throw new Error(`Unknown event ${String(channel)}`);
      return transport.subscribe(channel, listener as (payload: unknown) => void);
    },
  };
}

export const BRIDGE_GLOBAL = 'vigil';
