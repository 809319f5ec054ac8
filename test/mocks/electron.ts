/**
 * Fakes of the Electron APIs the main process and the preload use, recording what they are asked to do.
 * There is no Electron binary here: a test opts in with
 *   vi.mock('electron', () => import('../../mocks/electron'));
 * and calls resetElectronFakes() in beforeEach. Step tests mostly pass these fakes in as parameters.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: never[]) => unknown;

/** Every recorded call: [method, ...args]. */
export type CallLog = [string, ...unknown[]][];

let nextWebContentsId = 1;

export class FakeWebFrame {
  parent: FakeWebFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly calls: CallLog = [];
  readonly sent: { channel: string; payload: unknown }[] = [];
  mainFrame: FakeWebFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  destroyed = false;
  devToolsOpened = false;

  constructor(url = 'app://vigil/index.html') {
    super();
    this.mainFrame = new FakeWebFrame(url);
  }

  getURL(): string {
    return this.mainFrame.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }
  closeDevTools(): void {
    this.devToolsOpened = false;
    this.calls.push(['closeDevTools']);
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(['loadURL', url]);
    this.mainFrame.url = url;
  }
  close(): void {
    this.destroyed = true;
    this.calls.push(['close']);
  }

  /** Emits an event whose handler may call preventDefault(); returns whether it did. */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

const windowsByContents = new Map<FakeWebContents, FakeBrowserWindow>();

/** The platforms whose window behaviour differs here: Electron ignores `closable` on Linux only. */
export type FakeWindowPlatform = 'linux' | 'win32' | 'darwin';

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  /** Linux unless a test of another platform's path passes `{ platform }` (the tests run on Linux). */
  readonly platform: FakeWindowPlatform;
  readonly calls: CallLog = [];
  readonly webContents: FakeWebContents;
  readonly contentView = {
    children: [] as unknown[],
    addChildView: (view: unknown) => this.contentView.children.push(view),
    removeChildView: (view: unknown) => {
      this.contentView.children = this.contentView.children.filter((child) => child !== view);
    },
  };
  state = {
    kiosk: false,
    fullScreen: false,
    alwaysOnTop: false,
    alwaysOnTopLevel: 'normal',
    closable: true,
    minimizable: true,
    resizable: true,
    contentProtection: false,
    focused: true,
    minimized: false,
    visible: false,
    destroyed: false,
  };

  constructor(
    readonly options: Record<string, unknown> = {},
    fake: { platform?: FakeWindowPlatform } = {},
  ) {
    super();
    this.platform = fake.platform ?? 'linux';
    this.webContents = new FakeWebContents();
    windowsByContents.set(this.webContents, this);
    this.state.kiosk = options.kiosk === true;
    this.state.fullScreen = options.fullscreen === true;
    this.state.alwaysOnTop = options.alwaysOnTop === true;
    if (this.closableHonoured) this.state.closable = options.closable !== false;
    FakeBrowserWindow.created.push(this);
  }

  /** Electron's `closable` (option, setClosable) works on Windows and macOS; on Linux the window stays closable. */
  private get closableHonoured(): boolean {
    return this.platform !== 'linux';
  }

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return windowsByContents.get(contents as FakeWebContents) ?? null;
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created.filter((window) => !window.state.destroyed);
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push([method, ...args]);
  }

  isKiosk = () => this.state.kiosk;
  setKiosk = (value: boolean) => (this.record('setKiosk', value), (this.state.kiosk = value));
  isFullScreen = () => this.state.fullScreen;
  setFullScreen = (value: boolean) => (this.record('setFullScreen', value), (this.state.fullScreen = value));
  isAlwaysOnTop = () => this.state.alwaysOnTop;
  setAlwaysOnTop = (value: boolean, level = 'floating') => {
    this.record('setAlwaysOnTop', value, level);
    this.state.alwaysOnTop = value;
    this.state.alwaysOnTopLevel = value ? level : 'normal';
  };
  isClosable = () => this.state.closable;
  setClosable = (value: boolean) => {
    this.record('setClosable', value);
    if (this.closableHonoured) this.state.closable = value;
  };
  isMinimizable = () => this.state.minimizable;
  setMinimizable = (value: boolean) => (this.record('setMinimizable', value), (this.state.minimizable = value));
  isResizable = () => this.state.resizable;
  setResizable = (value: boolean) => (this.record('setResizable', value), (this.state.resizable = value));
  setContentProtection = (value: boolean) => (
    this.record('setContentProtection', value),
    (this.state.contentProtection = value)
  );
  isFocused = () => this.state.focused;
  isMinimized = () => this.state.minimized;
  isDestroyed = () => this.state.destroyed;
  isVisible = () => this.state.visible;
  focus = () => (this.record('focus'), (this.state.focused = true));
  blurForTest = () => ((this.state.focused = false), this.emit('blur'));
  show = () => (this.record('show'), (this.state.visible = true));
  moveTop = () => this.record('moveTop');
  restore = () => (this.record('restore'), (this.state.minimized = false));
  removeMenu = () => this.record('removeMenu');
  setMenuBarVisibility = (value: boolean) => this.record('setMenuBarVisibility', value);
  setIgnoreMouseEvents = (value: boolean) => this.record('setIgnoreMouseEvents', value);
  getContentSize = () => [1280, 800];
  loadURL = (url: string) => this.webContents.loadURL(url);
  /** As Electron: 'close' first, which a handler may refuse with preventDefault(); then 'closed'. */
  close = () => {
    this.record('close');
    if (this.state.destroyed) return;
    let refused = false;
    this.emit('close', { preventDefault: () => (refused = true) });
    if (refused) return;
    this.state.destroyed = true;
    this.emit('closed');
  };
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, payload: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a registered handler the way Electron would for a message from `sender`'s `frame`. */
  async invokeFrom(
    sender: FakeWebContents,
    channel: string,
    payload: unknown,
    frame = sender.mainFrame,
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame, frameId: 1, processId: 1 }, payload);
  }
}

export interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

export class FakeScreen extends EventEmitter {
  displays: FakeDisplay[] = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
  getAllDisplays = () => [...this.displays];
  getPrimaryDisplay = () => this.displays[0]!;
  addDisplay(display: FakeDisplay): void {
    this.displays.push(display);
    this.emit('display-added', {}, display);
  }
  removeDisplay(id: number): void {
    const display = this.displays.find((d) => d.id === id);
    this.displays = this.displays.filter((d) => d.id !== id);
    if (display) this.emit('display-removed', {}, display);
  }
}

export class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Accelerators the "OS" keeps for itself (register returns false). */
  reserved = new Set<string>();
  register = (accelerator: string, callback: () => void): boolean => {
    if (this.reserved.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  };
  unregister = (accelerator: string): void => {
    this.registered.delete(accelerator);
  };
  unregisterAll = (): void => this.registered.clear();
  press(accelerator: string): void {
    this.registered.get(accelerator)?.();
  }
}

export class FakeClipboard {
  text = '';
  clears = 0;
  clear = (): void => {
    this.text = '';
    this.clears += 1;
  };
  writeText = (text: string): void => {
    this.text = text;
  };
  readText = (): string => this.text;
}

/** Reversible "encryption" with a marker, so a test can tell sealed bytes from plain text. */
export class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  isEncryptionAvailable = () => this.available;
  encryptString = (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`);
  decryptString = (sealed: Buffer) => {
    const text = sealed.toString();
    if (!text.startsWith('sealed:')) throw new Error('not sealed');
    return Buffer.from(text.slice('sealed:'.length), 'base64').toString();
  };
  encryptStringAsync = async (plain: string) => this.encryptString(plain);
  decryptStringAsync = async (sealed: Buffer) => ({ result: this.decryptString(sealed) });
  getSelectedStorageBackend = () => this.backend;
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  displayMediaRequestHandler: Listener | null = null;
  setPermissionRequestHandler = (handler: Listener | null) => void (this.permissionRequestHandler = handler);
  setPermissionCheckHandler = (handler: Listener | null) => void (this.permissionCheckHandler = handler);
  setDisplayMediaRequestHandler = (handler: Listener | null) => void (this.displayMediaRequestHandler = handler);
}

export class FakeProtocol {
  readonly privileged: unknown[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();
  registerSchemesAsPrivileged = (schemes: unknown[]) => void this.privileged.push(...schemes);
  handle = (scheme: string, handler: (request: Request) => Promise<Response>) =>
    void this.handlers.set(scheme, handler);
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld = (key: string, api: unknown) => void this.exposed.set(key, api);
}

/** ipcRenderer wired to the fake ipcMain, as if sent from `sender`'s main frame. */
export class FakeIpcRenderer extends EventEmitter {
  sender: FakeWebContents = new FakeWebContents();
  invoke = (channel: string, payload: unknown) => ipcMain.invokeFrom(this.sender, channel, payload);
}

export let ipcMain = new FakeIpcMain();
export let ipcRenderer = new FakeIpcRenderer();
export let screen = new FakeScreen();
export let globalShortcut = new FakeGlobalShortcut();
export let clipboard = new FakeClipboard();
export let safeStorage = new FakeSafeStorage();
export let protocol = new FakeProtocol();
export let contextBridge = new FakeContextBridge();
export const session = { defaultSession: new FakeSession(), fromPartition: () => new FakeSession() };
export const BrowserWindow = FakeBrowserWindow;
export const desktopCapturer = {
  getSources: async () => [{ id: 'screen:1:0', name: 'Entire screen' }],
};
export const dialog = {
  errors: [] as [string, string][],
  showErrorBox: (title: string, body: string) => void dialog.errors.push([title, body]),
};
/** Chromium's parsed command line (`app.commandLine`): switch names as Chromium stores them (lower case). */
export class FakeCommandLine {
  readonly switches = new Map<string, string>();
  appendSwitch(name: string, value = ''): void {
    this.switches.set(name.toLowerCase(), value);
  }
  hasSwitch(name: string): boolean {
    return this.switches.has(name.toLowerCase());
  }
  getSwitchValue(name: string): string {
    return this.switches.get(name.toLowerCase()) ?? '';
  }
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  commandLine: new FakeCommandLine(),
  getVersion: () => '0.1.0',
  getPath: () => '/tmp/vigil-test',
});

export function resetElectronFakes(): void {
  ipcMain = new FakeIpcMain();
  ipcRenderer = new FakeIpcRenderer();
  screen = new FakeScreen();
  globalShortcut = new FakeGlobalShortcut();
  clipboard = new FakeClipboard();
  safeStorage = new FakeSafeStorage();
  protocol = new FakeProtocol();
  contextBridge = new FakeContextBridge();
  FakeBrowserWindow.created = [];
  windowsByContents.clear();
  dialog.errors.length = 0;
  app.commandLine.switches.clear();
}

export default {
  get ipcMain() {
    return ipcMain;
  },
  get ipcRenderer() {
    return ipcRenderer;
  },
  BrowserWindow,
  session,
  desktopCapturer,
  dialog,
  app,
};
