/**
 * The built app under Playwright's _electron: kiosk window, devtools out of reach, navigation and new
 * windows refused, the bridge exposed and nothing else, and the lockdown engaged for a real session.
 * Runs wherever the Electron binary and a display exist; says plainly that it was skipped otherwise.
 *
 * It builds the app with `electron-vite build --mode test` into .vigil-test/e2e-app (the only build that
 * accepts the --inspect / --remote-debugging-port switches _electron.launch adds; see main/build-mode.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VigilBridge } from '../../shared/ipc/bridge';
import { startClientTestService, type ClientTestService } from '../support/client-service';
import { findElectronBinary, hasDisplay } from '../support/electron-binary';
import { repoRoot } from '../support/fixtures';

const electron = findElectronBinary();
const skipReason = !electron.path
  ? `the Electron binary is not installed (looked for ${electron.looked}); run \`npx install-electron\` where downloads work`
  : !hasDisplay()
    ? 'no display: run the tests under xvfb-run'
    : null;
if (skipReason) console.log(`[test/electron] Playwright Electron suite SKIPPED: ${skipReason}.`);

const buildDir = join(repoRoot, '.vigil-test', 'e2e-app');

/** The renderer's global as page.evaluate sees it (this project's Node tsconfig has no DOM types). */
interface RendererGlobal {
  vigil?: VigilBridge;
  require?: unknown;
  process?: unknown;
  location: { href: string };
  open(url: string): unknown;
}

describe.skipIf(skipReason !== null)('the built app under Playwright (_electron)', () => {
  let service: ClientTestService;
  let userData: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const build = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'electron-vite'),
      ['build', '--mode', 'test', '--outDir', buildDir],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error(`electron-vite build --mode test failed (${build.status})`);
    service = await startClientTestService();
    userData = await mkdtemp(join(tmpdir(), 'vigil-e2e-user-'));
    app = await _electron.launch({
      executablePath: electron.path!,
      args: [join(buildDir, 'main', 'index.js'), `--user-data-dir=${userData}`],
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS')),
        VIGIL_SERVICE_URL: service.baseUrl,
        VIGIL_MANAGED_CONFIG: join(userData, 'no-managed-config.json'),
      },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 240_000);

  afterAll(async () => {
    // The last test finishes its session, so quitting is allowed; a stuck app is killed rather than waited on.
    const closing = app?.close().catch(() => undefined);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
    if ((await Promise.race([closing, timeout])) === 'timeout') app?.process().kill('SIGKILL');
    await service?.dispose();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  const windowState = () =>
    app.evaluate(({ BrowserWindow }) => {
      const window = BrowserWindow.getAllWindows()[0]!;
      return {
        windows: BrowserWindow.getAllWindows().length,
        kiosk: window.isKiosk(),
        fullScreen: window.isFullScreen(),
        alwaysOnTop: window.isAlwaysOnTop(),
        closable: window.isClosable(),
        devToolsOpened: window.webContents.isDevToolsOpened(),
        url: window.webContents.getURL(),
      };
    });

  it('opens one kiosk window on app://, above everything', async () => {
    const state = await windowState();
    expect(state).toMatchObject({ windows: 1, kiosk: true, alwaysOnTop: true });
    expect(state.url.startsWith('app://vigil/')).toBe(true);
  });

  it('exposes the bridge and no Node', async () => {
    const exposed = await page.evaluate(() => {
      const w = globalThis as unknown as RendererGlobal;
      return { invoke: typeof w.vigil?.invoke, require: typeof w.require, process: typeof w.process };
    });
    expect(exposed).toEqual({ invoke: 'function', require: 'undefined', process: 'undefined' });
    const info = await page.evaluate(() => (globalThis as unknown as RendererGlobal).vigil!.invoke('app:info'));
    expect(info).toMatchObject({ preview: false, managed: false });
  });

  it('keeps devtools closed: F12, Ctrl+Shift+I and openDevTools() all fail', async () => {
    await page.keyboard.press('F12');
    await page.keyboard.press('Control+Shift+I');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.openDevTools());
    await page.waitForTimeout(500);
    expect((await windowState()).devToolsOpened).toBe(false);
  });

  it('refuses navigation away from the app and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as RendererGlobal).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(
      () => (globalThis as unknown as RendererGlobal).open('app://vigil/index.html') === null,
    );
    expect(opened).toBe(true);
    expect((await windowState()).windows).toBe(1);
  });

  it('engages the lockdown when a real session starts, and reports a devtools attempt', async () => {
    const { launchCode } = await service.createSession({ policy: { allowVirtualMachine: true, allowedDisplays: 4 } });
    const sessionId = await page.evaluate(async (code) => {
      const bridge = (globalThis as unknown as RendererGlobal).vigil!;
      const launched = await bridge.invoke('session:launch', { launchCode: code });
      await bridge.invoke('session:request-approval');
      await bridge.invoke('session:start');
      return launched.sessionId;
    }, launchCode);
    expect(await windowState()).toMatchObject({ kiosk: true, alwaysOnTop: true, closable: false });
    await page.keyboard.press('F12');
    await expect
      .poll(async () => (await service.incidents(sessionId)).map((incident) => incident.type), { timeout: 10_000 })
      .toContain('DEVTOOLS_ATTEMPT');

    // Closing is refused while the exam runs; finishing it releases the window.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    expect((await windowState()).windows).toBe(1);
    await page.evaluate(() => (globalThis as unknown as RendererGlobal).vigil!.invoke('session:finish'));
    expect((await windowState()).closable).toBe(true);
  });
});
