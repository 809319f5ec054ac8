/**
 * Where the renderer's bridge comes from. In Electron the preload has put `window.vigil` in place;
 * anywhere else (the preview, the end-to-end tests) the HTTP bridge is installed at start-up.
 * Only renderer/actions/ reads the bridge.
 */
import { BRIDGE_GLOBAL, type VigilBridge } from '../../shared/ipc/bridge';
import { createHttpBridge, takeBridgeToken } from './http-bridge';

type BridgeWindow = { [BRIDGE_GLOBAL]?: VigilBridge };

/** True when this page is not inside the Electron shell (no preload bridge). */
let overHttp = false;

export function installBridge(): { preview: boolean } {
  const target = window as unknown as BridgeWindow;
  if (target[BRIDGE_GLOBAL]) return { preview: false };
  const token = takeBridgeToken(window.location, window.sessionStorage, window.history);
  if (!token) throw new Error('This page was opened without its bridge token. Start Vigil with npm start.');
  target[BRIDGE_GLOBAL] = createHttpBridge(new URL('/', window.location.href).href, token);
  overHttp = true;
  return { preview: true };
}

export function bridge(): VigilBridge {
  const current = (window as unknown as BridgeWindow)[BRIDGE_GLOBAL];
  if (!current) throw new Error('The exam client bridge is not available.');
  return current;
}

export function bridgeIsHttp(): boolean {
  return overHttp;
}
