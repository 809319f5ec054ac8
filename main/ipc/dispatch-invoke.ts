/**
 * One invoke, whatever carried it (Electron IPC in ipc-main-wrapper.ts, the preview's HTTP bridge in
 * main/preview/bridge-host.ts): the payload is validated with the channel's schema from the contract,
 * the handler runs, the response is checked in development, errors become the `{code, message}`
 * envelope. Each transport authenticates its caller first (sender frame, or the per-run token).
 */
import { z } from 'zod';
import { INVOKE_CHANNELS, ipcInvokeContract, type InvokeChannel } from '../../shared/ipc/contract';
import type { InvokeHandlers } from './invoke-handlers';
import { toIpcError, type IpcEnvelope } from './ipc-errors';
import type { Logger } from '../logger';

const channels = new Set<string>(INVOKE_CHANNELS);

export function isInvokeChannel(name: string): name is InvokeChannel {
  return channels.has(name);
}

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: InvokeChannel,
  payload: unknown,
  options: { log: Logger; validateResponses: boolean },
): Promise<IpcEnvelope> {
  const contract = ipcInvokeContract[channel];
  const request = contract.request.safeParse(payload);
  if (!request.success) {
    return {
      ok: false,
      error: { code: 'bad_request', message: `Invalid request for ${channel}: ${z.prettifyError(request.error)}` },
    };
  }
  try {
    const handler = handlers[channel] as (payload: unknown) => Promise<unknown>;
    const value = await handler(request.data);
    if (options.validateResponses) {
      const response = contract.response.safeParse(value);
      if (!response.success) {
        throw new Error(`Response of ${channel} breaks the contract: ${z.prettifyError(response.error)}`);
      }
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toIpcError(error, channel, options.log) };
  }
}
