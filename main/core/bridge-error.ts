/**
 * The app-wide error: any main module (api, session, lockdown, recordings…) throws it when the
 * renderer should see a specific `{code, message}`; every transport passes it through as it is
 * (everything else becomes `internal`). It lives here, low, so no module climbs into main/ipc/.
 */
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
