/**
 * Keeps the exam window open while the lockdown holds. The window step's setClosable(false) only
 * disables the close button on Windows and macOS: Electron ignores it on Linux, and no platform's
 * Alt+F4 or window-manager close asks it. Refusing the window's 'close' event is what holds everywhere.
 */
import type { BrowserWindow } from 'electron';

export type ClosableWindow = Pick<BrowserWindow, 'on'>;

/** Refuses every close of `window` while `mayClose()` says no (the lockdown engaged, quitting not authorised). */
export function refuseCloseWhileLocked(window: ClosableWindow, mayClose: () => boolean): void {
  window.on('close', (event) => {
    if (!mayClose()) event.preventDefault();
  });
}
