import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from '../../mocks/electron';
import { BridgeError } from '../../../main/core/bridge-error';
import type { InvokeHandlers } from '../../../main/ipc/invoke-handlers';
import { createEventSender, registerIpcHandlers } from '../../../main/ipc/ipc-main-wrapper';
import { GENERIC_MESSAGE } from '../../../main/ipc/ipc-errors';
import { silentLogger, type Logger } from '../../../main/logger';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';

vi.mock('electron', () => import('../../mocks/electron'));

/** Handlers that fail loudly if the wrapper lets a refused call through. */
function handlers(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  const refuse = async () => {
    throw new Error('handler must not run');
  };
  const all = Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, refuse])) as unknown as InvokeHandlers;
  return { ...all, ...overrides };
}

describe('ipc-main-wrapper', () => {
  beforeEach(() => electron.resetElectronFakes());

  it('registers a handler for every channel of the contract and removes them again', () => {
    const unregister = registerIpcHandlers({ handlers: handlers(), log: silentLogger, validateResponses: true });
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it("answers the app's own main frame on app:// with the handler's value", async () => {
    const report = vi.fn(async () => ({ queued: true }));
    registerIpcHandlers({
      handlers: handlers({ 'incident:report': report }),
      log: silentLogger,
      validateResponses: true,
    });
    const window = new electron.BrowserWindow();
    const result = await electron.ipcMain.invokeFrom(window.webContents, 'incident:report', { type: 'FOCUS_LOST' });
    expect(result).toEqual({ ok: true, value: { queued: true } });
    // The schema's default filled in: handlers get parsed payloads.
    expect(report).toHaveBeenCalledWith({ type: 'FOCUS_LOST', details: {} });
  });

  it('refuses a foreign sender: a web contents that is no window of ours, an iframe, another origin', async () => {
    const run = vi.fn(async () => ({ queued: true }));
    registerIpcHandlers({
      handlers: handlers({ 'incident:report': run }),
      log: silentLogger,
      validateResponses: false,
    });
    const payload = { type: 'FOCUS_LOST' };

    const stray = new electron.FakeWebContents('app://vigil/index.html'); // e.g. the exam page's view
    const window = new electron.BrowserWindow();
    const iframe = new electron.FakeWebFrame('app://vigil/index.html');
    iframe.parent = window.webContents.mainFrame;
    const navigatedAway = new electron.BrowserWindow();
    navigatedAway.webContents.mainFrame.url = 'https://evil.example/';
    const lookalike = new electron.BrowserWindow();
    lookalike.webContents.mainFrame.url = 'app://vigil.evil/index.html';

    const refusals = [
      await electron.ipcMain.invokeFrom(stray, 'incident:report', payload),
      await electron.ipcMain.invokeFrom(window.webContents, 'incident:report', payload, iframe),
      await electron.ipcMain.invokeFrom(navigatedAway.webContents, 'incident:report', payload),
      await electron.ipcMain.invokeFrom(lookalike.webContents, 'incident:report', payload),
    ];
    for (const refusal of refusals) {
      expect(refusal).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a bad payload with a readable bad_request, before the handler runs', async () => {
    registerIpcHandlers({ handlers: handlers(), log: silentLogger, validateResponses: false });
    const window = new electron.BrowserWindow();
    const wrongType = (await electron.ipcMain.invokeFrom(window.webContents, 'incident:report', {
      type: 'SESSION_FINISHED', // service-only: a client may not report it
    })) as { ok: false; error: { code: string; message: string } };
    expect(wrongType.ok).toBe(false);
    expect(wrongType.error.code).toBe('bad_request');
    expect(wrongType.error.message).toMatch(/incident:report/);
    expect(wrongType.error.message).toMatch(/type/);

    const extraField = (await electron.ipcMain.invokeFrom(window.webContents, 'lockdown:quit', {
      password: 'x',
      admin: true,
    })) as { ok: false; error: { code: string } };
    expect(extraField.error.code).toBe('bad_request');

    const unexpectedPayload = (await electron.ipcMain.invokeFrom(window.webContents, 'app:info', { sneaky: 1 })) as {
      ok: false;
      error: { code: string };
    };
    expect(unexpectedPayload.error.code).toBe('bad_request');
  });

  it("passes a BridgeError's code and message through, and hides anything else behind 'internal' (logged)", async () => {
    const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    registerIpcHandlers({
      handlers: handlers({
        'session:status': async () => {
          throw new BridgeError('invalid_state', 'The exam has not been approved yet.');
        },
        'session:start': async () => {
          throw new Error('ENOENT: /home/candidate/.config/secret-path');
        },
      }),
      log,
      validateResponses: false,
    });
    const window = new electron.BrowserWindow();
    expect(await electron.ipcMain.invokeFrom(window.webContents, 'session:status', undefined)).toEqual({
      ok: false,
      error: { code: 'invalid_state', message: 'The exam has not been approved yet.' },
    });
    const hidden = await electron.ipcMain.invokeFrom(window.webContents, 'session:start', undefined);
    expect(hidden).toEqual({ ok: false, error: { code: 'internal', message: GENERIC_MESSAGE } });
    expect(JSON.stringify(hidden)).not.toContain('secret-path');
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('in development, a response that breaks the contract becomes an internal error', async () => {
    const log: Logger = { ...silentLogger, error: vi.fn() };
    registerIpcHandlers({
      handlers: handlers({ 'incident:report': async () => ({ queued: 'yes' }) as unknown as { queued: boolean } }),
      log,
      validateResponses: true,
    });
    const window = new electron.BrowserWindow();
    const result = (await electron.ipcMain.invokeFrom(window.webContents, 'incident:report', {
      type: 'FOCUS_LOST',
    })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('internal');
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('sends events through one function, validated, with fields the contract does not name stripped', () => {
    const window = new electron.BrowserWindow();
    const log: Logger = { ...silentLogger, error: vi.fn() };
    const send = createEventSender(() => [window.webContents as unknown as Electron.WebContents], log);
    send('network:status', { online: false, secretKey: 'leak' } as { online: boolean });
    send('disk:low', { freeBytes: 'lots' } as unknown as { freeBytes: number; thresholdBytes: number });
    expect(window.webContents.sent).toEqual([{ channel: 'network:status', payload: { online: false } }]);
    expect(log.error).toHaveBeenCalledOnce();
  });
});
