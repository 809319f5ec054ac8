import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from '../mocks/electron';
import type { VigilBridge } from '../../shared/ipc/bridge';
import { registerIpcHandlers } from '../../main/ipc/ipc-main-wrapper';
import { BridgeError } from '../../main/core/bridge-error';
import type { InvokeHandlers } from '../../main/ipc/invoke-handlers';
import { silentLogger } from '../../main/logger';

vi.mock('electron', () => import('../mocks/electron'));

describe('preload', () => {
  beforeEach(() => {
    electron.resetElectronFakes();
    vi.resetModules();
  });

  async function loadPreload(): Promise<VigilBridge> {
    await import('../../preload/index');
    return electron.contextBridge.exposed.get('vigil') as VigilBridge;
  }

  it('exposes exactly invoke and on as window.vigil, never ipcRenderer', async () => {
    const bridge = await loadPreload();
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['vigil']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(JSON.stringify(Object.keys(bridge))).not.toContain('ipcRenderer');
  });

  it('round-trips through the IPC wrapper; failures reject with a plain {code, message}', async () => {
    const window = new electron.BrowserWindow();
    electron.ipcRenderer.sender = window.webContents;
    registerIpcHandlers({
      handlers: {
        'app:info': async () => ({
          version: '1',
          preview: false,
          managed: true,
          platform: 'win32',
          pendingLaunchCode: null,
        }),
        'session:status': async () => {
          throw new BridgeError('no_session', 'No exam session has been launched yet.');
        },
      } as unknown as InvokeHandlers,
      log: silentLogger,
      validateResponses: true,
    });
    const bridge = await loadPreload();
    expect(await bridge.invoke('app:info')).toMatchObject({ managed: true, platform: 'win32' });
    const failure = await bridge.invoke('session:status').catch((e: unknown) => e);
    expect(failure).toEqual({ code: 'no_session', message: 'No exam session has been launched yet.' });
    expect(failure).not.toBeInstanceOf(Error);
    await expect(bridge.invoke('shell:exec' as never)).rejects.toThrow(/Unknown channel/);
  });

  it('delivers events to listeners without the IPC event object, and unsubscribes', async () => {
    const bridge = await loadPreload();
    const seen: unknown[][] = [];
    const off = bridge.on('network:status', (...args: unknown[]) => seen.push(args));
    electron.ipcRenderer.emit('network:status', { sender: electron.ipcRenderer }, { online: false });
    off();
    electron.ipcRenderer.emit('network:status', { sender: electron.ipcRenderer }, { online: true });
    expect(seen).toEqual([[{ online: false }]]);
  });
});
