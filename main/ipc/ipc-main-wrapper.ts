/**
 * The only user of ipcMain. Registers one handler per invoke channel of the contract: checks the
 * sender, then dispatches like every transport (dispatch-invoke.ts: payload validated, handler run,
 * errors mapped to `{code, message}`). Events go out through one `send`.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import {
  INVOKE_CHANNELS,
  ipcEventContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
} from '../../shared/ipc/contract';
import type { Logger } from '../logger';
import type { EventEmitterFn } from '../core/ports';
import type { InvokeHandlers } from './invoke-handlers';
import { dispatchInvoke } from './dispatch-invoke';
import type { IpcEnvelope } from './ipc-errors';
import { isTrustedSender } from './trusted-sender';

export interface IpcMainOptions {
  handlers: InvokeHandlers;
  log: Logger;
  /** Development builds also check every response against the contract. */
  validateResponses: boolean;
}

export async function handleInvoke(
  channel: InvokeChannel,
  event: IpcMainInvokeEvent,
  payload: unknown,
  options: IpcMainOptions,
): Promise<IpcEnvelope> {
  if (!isTrustedSender(event, (webContents: WebContents) => BrowserWindow.fromWebContents(webContents))) {
    options.log.warn('IPC from an untrusted sender refused', { channel, url: event.senderFrame?.url ?? null });
    return { ok: false, error: { code: 'forbidden', message: 'This page may not talk to the exam client.' } };
  }
  return dispatchInvoke(options.handlers, channel, payload, options);
}

/** Registers every contract channel; returns a function that removes them again. */
export function registerIpcHandlers(options: IpcMainOptions): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => handleInvoke(channel, event, payload, options));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Sends a main → renderer event to the app's windows. The payload is parsed with the event's schema
 * and the parsed value sent, so a field the contract does not name (a path, a key) never leaves.
 */
export function createEventSender(targets: () => WebContents[], log: Logger): EventEmitterFn {
  return <E extends EventChannel>(channel: E, payload: EventPayload<E>) => {
    const parsed = ipcEventContract[channel].safeParse(payload);
    if (!parsed.success) {
      log.error('event breaks the contract, not sent', { channel, error: z.prettifyError(parsed.error) });
      return;
    }
    for (const webContents of targets()) {
      if (!webContents.isDestroyed()) webContents.send(channel, parsed.data);
    }
  };
}
