/** The bridge's transport over Electron IPC. Rejections are plain `{code, message}` objects (see main/ipc/ipc-errors). */
import type { IpcRenderer } from 'electron';
import type { BridgeTransport } from '../shared/ipc/bridge';
import type { IpcError } from '../shared/ipc/contract';

type Envelope = { ok: true; value: unknown } | { ok: false; error: IpcError };

export function createIpcTransport(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): BridgeTransport {
  return {
    async invoke(channel, payload) {
      const envelope = (await ipc.invoke(channel, payload)) as Envelope;
      if (envelope.ok) return envelope.value;
      throw { code: envelope.error.code, message: envelope.error.message } satisfies IpcError;
    },
    subscribe(channel, listener) {
      // The listener never sees the IpcRendererEvent (it would expose `sender`, i.e. ipcRenderer).
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}
