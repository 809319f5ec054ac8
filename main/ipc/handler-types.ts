/** The shape every transport (Electron IPC, the preview's HTTP bridge) registers: one handler per invoke channel. */
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequestParsed,
  InvokeResponse,
} from '../../shared/ipc/contract';

export type InvokeHandler<C extends InvokeChannel> = (payload: InvokeRequestParsed<C>) => Promise<InvokeResponse<C>>;
export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

/** Sends a main → renderer event on whatever transport is active. */
export type EventEmitterFn = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

/** An error whose `code` and `message` reach the renderer as they are (everything else becomes `internal`). */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
