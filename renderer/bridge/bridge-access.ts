/**
 * Where the renderer's bridge comes from. In Electron the preload has put `window.vigil` in place
 * (renderer/bridge-global.d.ts); anywhere else (the preview, the end-to-end tests) the HTTP bridge is
 * installed at start-up. Only renderer/actions/ reads the bridge.
 */
import type { VigilBridge } from '../../shared/ipc/bridge';
import { createHttpBridge, takeBridgeToken } from './http-bridge';

/** True when this page is not inside the Electron shell (the bridge runs over HTTP). */
let overHttp = false;

export function installBridge(): { preview: boolean } {
  if (window.vigil) return { preview: false };
  const token = takeBridgeToken(window.location, window.sessionStorage, window.history);
  if (!token) throw new Error('This page was opened without its bridge token. Start Vigil with npm start.');
  window.vigil = createHttpBridge(new URL('/', window.location.href).href, token);
  overHttp = true;
  return { preview: true };
}

export function bridge(): VigilBridge {
  const current = window.vigil;
  if (!current) throw new Error('The exam client bridge is not available.');
  return current;
}

export function bridgeIsHttp(): boolean {
  return overHttp;
}
