/** How a failed handler reaches the renderer: a plain `{code, message}` (contextBridge keeps plain objects intact, not Error fields). */
import type { IpcError } from '../../shared/ipc/contract';
import type { Logger } from '../logger';
import { BridgeError } from '../core/bridge-error';

export const GENERIC_MESSAGE = 'Something went wrong in the exam client. Please try again.';

export function toIpcError(error: unknown, channel: string, log: Logger): IpcError {
  if (error instanceof BridgeError) return { code: error.code, message: error.message };
  log.error('IPC handler failed', {
    channel,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return { code: 'internal', message: GENERIC_MESSAGE };
}

/** What travels over ipcMain.handle: Electron would flatten a thrown error into a string, so failures are values. */
export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: IpcError };
