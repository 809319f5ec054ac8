/** The shape every transport (Electron IPC, the preview's HTTP bridge) registers: one handler per invoke channel. */
import type { InvokeChannel, InvokeRequestParsed, InvokeResponse } from '../../shared/ipc/contract';

export type InvokeHandler<C extends InvokeChannel> = (payload: InvokeRequestParsed<C>) => Promise<InvokeResponse<C>>;
export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };
