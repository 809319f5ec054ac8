/** `window.vigil`: the bridge the preload exposes (absent in a plain browser until the preview installs its own). */
import type { VigilBridge } from '../shared/ipc/bridge';

declare global {
  interface Window {
    vigil?: VigilBridge;
  }
}

export {};
