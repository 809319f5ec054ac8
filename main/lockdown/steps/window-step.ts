/**
 * The exam window: kiosk, full screen, above everything (level `screen-saver`), not closable,
 * minimizable or resizable, hidden from screen capture. Revert restores what the window had before.
 */
import type { BrowserWindow } from 'electron';
import type { LockdownStep } from '../lockdown-step';

export type LockableWindow = Pick<
  BrowserWindow,
  | 'isKiosk'
  | 'setKiosk'
  | 'isFullScreen'
  | 'setFullScreen'
  | 'isAlwaysOnTop'
  | 'setAlwaysOnTop'
  | 'isClosable'
  | 'setClosable'
  | 'isMinimizable'
  | 'setMinimizable'
  | 'isResizable'
  | 'setResizable'
  | 'setContentProtection'
  | 'isDestroyed'
  | 'focus'
>;

interface WindowState {
  kiosk: boolean;
  fullScreen: boolean;
  alwaysOnTop: boolean;
  closable: boolean;
  minimizable: boolean;
  resizable: boolean;
}

export function createWindowStep(window: LockableWindow): LockdownStep {
  let before: WindowState | null = null;
  return {
    name: 'window',
    async apply() {
      before = {
        kiosk: window.isKiosk(),
        fullScreen: window.isFullScreen(),
        alwaysOnTop: window.isAlwaysOnTop(),
        closable: window.isClosable(),
        minimizable: window.isMinimizable(),
        resizable: window.isResizable(),
      };
      window.setContentProtection(true);
      window.setClosable(false);
      window.setMinimizable(false);
      window.setResizable(false);
      window.setKiosk(true);
      window.setFullScreen(true);
      window.setAlwaysOnTop(true, 'screen-saver');
      window.focus();
    },
    async revert() {
      if (!before || window.isDestroyed()) return;
      window.setAlwaysOnTop(before.alwaysOnTop, before.alwaysOnTop ? 'screen-saver' : 'normal');
      window.setKiosk(before.kiosk);
      window.setFullScreen(before.fullScreen);
      window.setResizable(before.resizable);
      window.setMinimizable(before.minimizable);
      window.setClosable(before.closable);
      // Content protection stays on: the app never wants to appear in someone's screen capture.
      before = null;
    },
  };
}
