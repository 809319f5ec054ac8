/**
 * The sandboxed preload: exposes the typed bridge as `window.vigil` and nothing else.
 * The renderer gets named channels from the contract, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, createBridge } from '../shared/ipc/bridge';
import { createIpcTransport } from './ipc-transport';

const bridge = createBridge(createIpcTransport(ipcRenderer));

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, {
  invoke: bridge.invoke,
  on: bridge.on,
});
