/** Makes every BrowserWindow Vigil shows, from window-options, and finishes what options cannot say. */
import type { BrowserWindow, BrowserWindowConstructorOptions, Display } from 'electron';
import { coverWindowOptions, mainWindowOptions, type WindowPolicy } from './window-options';

export type BrowserWindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export interface WindowFactory {
  createMainWindow(): BrowserWindow;
  createCoverWindow(display: Display): BrowserWindow;
}

export function createWindowFactory(
  BrowserWindowClass: BrowserWindowConstructor,
  options: WindowPolicy & { preloadPath: string },
): WindowFactory {
  const finish = (window: BrowserWindow, locked: boolean) => {
    window.removeMenu();
    window.setMenuBarVisibility(false);
    // Keeps the exam out of screen capture and screen sharing (Windows and macOS honour it).
    window.setContentProtection(true);
    if (locked) window.setAlwaysOnTop(true, 'screen-saver');
    return window;
  };
  return {
    createMainWindow() {
      const window = new BrowserWindowClass(mainWindowOptions(options, options.preloadPath));
      return finish(window, !options.development);
    },
    createCoverWindow(display) {
      const window = new BrowserWindowClass(coverWindowOptions(options, display));
      window.setIgnoreMouseEvents(true);
      return finish(window, true);
    },
  };
}
