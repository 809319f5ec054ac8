import { describe, expect, it } from 'vitest';
import { createWindowStep, type LockableWindow } from '../../../../main/lockdown/steps/window-step';
import { FakeBrowserWindow } from '../../../mocks/electron';

describe('window step', () => {
  it('locks the window for the exam and restores what it had before (Windows)', async () => {
    const window = new FakeBrowserWindow({ kiosk: true, fullscreen: true }, { platform: 'win32' });
    const step = createWindowStep(window as unknown as LockableWindow);
    await step.apply();
    expect(window.state).toMatchObject({
      kiosk: true,
      fullScreen: true,
      alwaysOnTop: true,
      alwaysOnTopLevel: 'screen-saver',
      closable: false,
      minimizable: false,
      resizable: false,
      contentProtection: true,
    });
    await step.revert();
    expect(window.state).toMatchObject({
      kiosk: true,
      fullScreen: true,
      alwaysOnTop: false,
      closable: true,
      minimizable: true,
      resizable: true,
      // Stays on: the app never wants to be in a screen capture.
      contentProtection: true,
    });
  });

  it('on Linux asks for a closable=false Electron ignores there: the window stays closable', async () => {
    // What keeps a Linux window open is main/lockdown/close-guard.ts (test/main/lockdown/lockdown-controller.test.ts).
    const window = new FakeBrowserWindow({ kiosk: true, fullscreen: true }, { platform: 'linux' });
    const step = createWindowStep(window as unknown as LockableWindow);
    await step.apply();
    expect(window.calls).toContainEqual(['setClosable', false]);
    expect(window.state).toMatchObject({ kiosk: true, alwaysOnTopLevel: 'screen-saver', closable: true });
  });

  it('restores a development window (not kiosk) to not kiosk', async () => {
    const window = new FakeBrowserWindow();
    const step = createWindowStep(window as unknown as LockableWindow);
    await step.apply();
    expect(window.state.kiosk).toBe(true);
    await step.revert();
    expect(window.state.kiosk).toBe(false);
    expect(window.state.fullScreen).toBe(false);
  });

  it('reverting a destroyed window does nothing (no throw)', async () => {
    const window = new FakeBrowserWindow();
    const step = createWindowStep(window as unknown as LockableWindow);
    await step.apply();
    window.close();
    const before = window.calls.length;
    await step.revert();
    expect(window.calls.length).toBe(before);
  });
});
