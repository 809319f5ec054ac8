import { describe, expect, it } from 'vitest';
import { createWindowFactory } from '../../../main/window/window-factory';
import { coverWindowOptions, mainWindowOptions } from '../../../main/window/window-options';
import { FakeBrowserWindow } from '../../mocks/electron';

const secure = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
};

describe('window factory', () => {
  it('production windows: isolated, sandboxed, no Node, no devtools, kiosk and full screen', () => {
    const options = mainWindowOptions({ development: false }, '/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({ ...secure, devTools: false, preload: '/app/out/preload/index.cjs' });
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, alwaysOnTop: true });
  });

  it('development relaxes only devtools and the kiosk, never the isolation', () => {
    const options = mainWindowOptions({ development: true }, '/p.cjs');
    expect(options.webPreferences).toMatchObject({ ...secure, devTools: true });
    expect(options.kiosk).toBe(false);
  });

  it('makes windows with no menu, content protection and the screen-saver level', () => {
    const factory = createWindowFactory(FakeBrowserWindow as never, { development: false, preloadPath: '/p.cjs' });
    const window = factory.createMainWindow() as unknown as FakeBrowserWindow;
    expect(window.calls).toEqual(
      expect.arrayContaining([
        ['removeMenu'],
        ['setContentProtection', true],
        ['setAlwaysOnTop', true, 'screen-saver'],
      ]),
    );
    const cover = factory.createCoverWindow({
      id: 2,
      bounds: { x: 1920, y: 0, width: 800, height: 600 },
    } as never) as unknown as FakeBrowserWindow;
    expect(cover.options).toMatchObject({ x: 1920, focusable: false, kiosk: true, backgroundColor: '#000000' });
    expect((cover.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    expect(
      coverWindowOptions({ development: true }, { bounds: { x: 0, y: 0, width: 1, height: 1 } } as never).webPreferences
        ?.devTools,
    ).toBe(false);
  });
});
