/**
 * The one place window options are decided. Every window Vigil opens is sandboxed, context-isolated,
 * without Node, with web security on and spellcheck off; devtools only in a development run.
 */
import type { BrowserWindowConstructorOptions, Display, WebPreferences } from 'electron';

export interface WindowPolicy {
  /** `VIGIL_DEVELOPMENT=1`: devtools allowed and a normal window, for working on the UI. Never in a packaged build. */
  development: boolean;
}

export function secureWebPreferences(policy: WindowPolicy, extra: WebPreferences = {}): WebPreferences {
  return {
    ...extra,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: policy.development,
  };
}

/** The app's shell: kiosk and above everything from the start, like any lockdown browser; the window step tightens it for the exam. */
export function mainWindowOptions(policy: WindowPolicy, preloadPath: string): BrowserWindowConstructorOptions {
  const locked = !policy.development;
  return {
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#0f172a',
    title: 'Vigil',
    autoHideMenuBar: true,
    kiosk: locked,
    fullscreen: locked,
    alwaysOnTop: locked,
    fullscreenable: true,
    webPreferences: secureWebPreferences(policy, { preload: preloadPath }),
  };
}

/** A blank window over a display the exam does not allow: nothing to load, no preload, never focused. */
export function coverWindowOptions(policy: WindowPolicy, display: Display): BrowserWindowConstructorOptions {
  return {
    ...display.bounds,
    show: true,
    frame: false,
    focusable: false,
    skipTaskbar: true,
    closable: false,
    movable: false,
    resizable: false,
    minimizable: false,
    fullscreen: true,
    kiosk: true,
    alwaysOnTop: true,
    backgroundColor: '#000000',
    webPreferences: secureWebPreferences({ ...policy, development: false }),
  };
}
