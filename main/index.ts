/**
 * The Electron entry point: thin glue that hands Electron's modules to the plain modules that do the
 * work (createHandlers, the lockdown steps, the hardening, the protocol handler). Read top to bottom:
 * refuse to run unsafely, claim the single instance, register app:// and vigil://, then on ready load
 * the configuration, harden every web contents, wire the bridge and open the window.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  desktopCapturer,
  dialog,
  globalShortcut,
  protocol,
  safeStorage,
  screen,
  session as electronSession,
  WebContentsView,
  type WebContents,
} from 'electron';
import Store from 'electron-store';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TERMINAL_STATES } from '../shared/session-states';
import { BUILT_IN_SERVICE_PUBLIC_KEYS, BUILT_IN_SERVICE_URL, IS_TEST_BUILD } from './build-mode';
import { resolveAppConfig, type AppConfig } from './config/app-config';
import { loadManagedConfig, ManagedConfigError } from './config/managed-config';
import { managedConfigPath } from './config/managed-config-path';
import { managedConfigTrust } from './config/managed-config-trust';
import { ServiceOriginError } from './config/service-origin';
import { readUserSettings } from './config/user-settings-store';
import { setUpClient } from './app/client-setup';
import { createHandlers } from './app/ipc-handlers';
import { takeUpResumedSession } from './app/session-takeover';
import { createEventSender, registerIpcHandlers } from './ipc/ipc-main-wrapper';
import { DEEP_LINK_SCHEME, findLaunchCodeInArgv, parseLaunchUrl } from './launch/deep-link';
import { LockdownController } from './lockdown/lockdown-controller';
import { refuseCloseWhileLocked } from './lockdown/close-guard';
import { consoleLogger as log } from './logger';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol/app-protocol';
import { APP_ENTRY_URL, APP_SCHEME } from './security/app-origin';
import { NavigationPolicy } from './security/navigation-policy';
import { findIntegrityViolations } from './security/process-integrity';
import { hardenSession, hardenWebContents } from './security/web-contents-hardening';
import { createSystemProbe } from './system/system-probe';
import { createExamView } from './window/exam-view';
import { createWindowFactory } from './window/window-factory';

const here = dirname(fileURLToPath(import.meta.url));
/** `VIGIL_DEVELOPMENT=1` relaxes the window (devtools, no kiosk) for UI work; never honoured once packaged. */
const development = !app.isPackaged && process.env.VIGIL_DEVELOPMENT === '1';

function refuseToStart(title: string, message: string): never {
  log.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
  throw new Error(message);
}

// 1. Process integrity, before anything else runs.
// Chromium's own parse of the command line is asked too, whatever spelling the switch used.
const processFacts = () => ({
  argv: process.argv,
  execArgv: process.execArgv,
  env: process.env,
  platform: process.platform,
  hasSwitch: (name: string) => app.commandLine.hasSwitch(name),
});
const violations = findIntegrityViolations(processFacts(), { testBuild: IS_TEST_BUILD });
if (violations.length > 0) {
  refuseToStart('Vigil cannot start', `Vigil refuses to run in debugging mode: ${violations.join('; ')}.`);
}

// 2. One instance: a second start (a deep link clicked while running) hands its arguments to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  void main();
}

async function loadConfig(): Promise<AppConfig> {
  // Only the Playwright build may point at another managed file; a candidate could otherwise sidestep the centre's.
  const path = (IS_TEST_BUILD && process.env.VIGIL_MANAGED_CONFIG) || managedConfigPath();
  try {
    // The Playwright build's stand-in file lives in a temp folder no root owns.
    const managed = await loadManagedConfig(path, IS_TEST_BUILD ? undefined : managedConfigTrust());
    const store = new Store({ name: 'settings' });
    // A packaged build that is not the Playwright one is a production build: https only (config/service-origin.ts).
    const build = { production: app.isPackaged && !IS_TEST_BUILD, serviceUrl: BUILT_IN_SERVICE_URL };
    return resolveAppConfig({ managed, user: readUserSettings(store), env: process.env, build });
  } catch (error) {
    if (error instanceof ManagedConfigError) refuseToStart('Vigil: invalid managed configuration', error.message);
    if (error instanceof ServiceOriginError) refuseToStart('Vigil: no usable exam service', error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  let pendingLaunchCode = findLaunchCodeInArgv(process.argv);
  let mainWindow: BrowserWindow | null = null;
  let quitAuthorized = false;

  const emit = createEventSender(() => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents] : []), log);
  const deliverLaunchCode = (code: string | null) => {
    if (!code) return;
    pendingLaunchCode = code;
    emit('app:launch-code', { launchCode: code });
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  };
  app.on('second-instance', (_event, argv) => deliverLaunchCode(findLaunchCodeInArgv(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliverLaunchCode(parseLaunchUrl(url));
  });

  await app.whenReady();
  const config = await loadConfig();

  // 3. Hardening on every web contents and session, before anything loads.
  const navigation = new NavigationPolicy();
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { navigation, log, allowDevTools: development }),
  );
  const sessionHardening = { log, desktopCapturer };
  hardenSession(electronSession.defaultSession, sessionHardening);

  // 4. The renderer from app://.
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ roots: [join(here, '../renderer')] }));

  // 5. The bridge's handlers: the Node-only parts (recordings first, main/app/client-setup.ts), then the
  // Electron-only ones. The session key is kept sealed for crash recovery where safeStorage protects it.
  const client = await setUpClient({
    safeStorage,
    liveKeyPath: join(app.getPath('userData'), 'session.sealed'),
    serviceUrl: config.serviceUrl,
    servicePublicKeys: BUILT_IN_SERVICE_PUBLIC_KEYS,
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    kind: 'desktop',
    emit,
    log,
    managed: config.managed,
    applyPolicyOverrides: config.applyPolicyOverrides,
    pendingLaunchCode: () => pendingLaunchCode,
    displayCount: () => screen.getAllDisplays().length,
  });
  const nodeDeps = client.deps;
  const windows = createWindowFactory(BrowserWindow, { development, preloadPath: join(here, '../preload/index.cjs') });
  mainWindow = windows.createMainWindow();
  const window = mainWindow;

  const lockdown = new LockdownController({
    window,
    shell: window.webContents,
    watchNewWebContents: (listener) => {
      const onCreated = (_event: unknown, contents: WebContents) => listener(contents);
      app.on('web-contents-created', onCreated);
      return () => app.removeListener('web-contents-created', onCreated);
    },
    screen,
    createCoverWindow: (display) => windows.createCoverWindow(display),
    globalShortcut,
    clipboard,
    navigation,
    probe: createSystemProbe(),
    incidents: nodeDeps.incidents,
    processFacts,
    testBuild: IS_TEST_BUILD,
    log,
  });
  const exam = createExamView({
    WebContentsViewClass: WebContentsView,
    sessionFor: (partition) => electronSession.fromPartition(partition, { cache: false }),
    hardenSession: (examSession) => hardenSession(examSession, { log }),
    window: () => (window.isDestroyed() ? null : window),
    navigation,
    log,
    onPageStatus: (status, url) => emit('exam:page', { status, url }),
  });
  // The window loads before a stored session is resumed (step 8): `session:current` waits for this.
  let settleResumption: () => void = () => undefined;
  const resumption = new Promise<void>((resolve) => (settleResumption = resolve));
  const handlers = createHandlers({
    ...nodeDeps,
    resumption,
    lockdown,
    exam,
    quitApp: () => {
      quitAuthorized = true;
      app.quit();
    },
  });
  registerIpcHandlers({ handlers, log, validateResponses: development || IS_TEST_BUILD });

  // 6. The exam ends (finished, stopped, closed by the service): the lockdown comes off by itself.
  nodeDeps.session.onChange((summary) => {
    if (!TERMINAL_STATES.includes(summary.state)) return;
    void exam.close().then(() => lockdown.release(`session ${summary.state}`));
  });

  // 7. Quitting and closing during the exam need the proctor's password or the exam's end.
  refuseCloseWhileLocked(window, () => !lockdown.engaged || quitAuthorized);
  app.on('before-quit', (event) => {
    if (lockdown.engaged && !quitAuthorized) {
      event.preventDefault();
      return;
    }
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    void client.close();
  });
  app.on('window-all-closed', () => app.quit());
  process.on('uncaughtException', (error) => {
    log.error('main process crashed: reverting the lockdown', { error: error.stack ?? String(error) });
    void lockdown.release('crash').finally(() => app.exit(1));
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer gone: reloading', { reason: details.reason });
    if (!window.isDestroyed()) void window.loadURL(APP_ENTRY_URL);
  });

  window.once('ready-to-show', () => window.show());
  // 8. A session that survived a crash resumes (and relocks if the exam was running). The renderer's
  // `session:current` waits for this whatever happens, so it is settled even if loading failed.
  try {
    await window.loadURL(APP_ENTRY_URL);
    await resumeSavedSession();
  } finally {
    settleResumption();
  }

  async function resumeSavedSession(): Promise<void> {
    const saved = await client.keptSession();
    if (!saved) return;
    try {
      await takeUpResumedSession({ ...nodeDeps, lockdown, forgetKept: () => client.forgetKeptSession() }, saved);
    } catch (error) {
      log.warn('saved session could not be resumed', { error: String(error) });
    }
  }
}
