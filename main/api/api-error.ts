/** Turns whatever axios throws into a BridgeError whose code and message the renderer may show. */
import { isAxiosError } from 'axios';
import { errorBodySchema, type ErrorCode } from '../../shared/api/errors';
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import { BridgeError } from '../core/bridge-error';

export const NETWORK_ERROR_CODE = 'network_unavailable' satisfies BridgeErrorCode;
export const BAD_RESPONSE_CODE = 'bad_response' satisfies BridgeErrorCode;

/** True when the request never got an HTTP answer (no connection, reset, timeout): worth queueing and retrying. */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof BridgeError) return error.code === NETWORK_ERROR_CODE;
  return isAxiosError(error) && error.response === undefined;
}

/** The service's `{error: {code, message}}` body, or null when the response did not carry one. */
export function serviceErrorOf(error: unknown): { status: number; code: ErrorCode; message: string } | null {
  if (!isAxiosError(error) || !error.response) return null;
  const parsed = errorBodySchema.safeParse(error.response.data);
  if (!parsed.success) return null;
  return { status: error.response.status, ...parsed.data.error };
}

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  const service = serviceErrorOf(error);
  if (service) return new BridgeError(service.code, service.message);
  if (isAxiosError(error)) {
    if (!error.response) {
      return new BridgeError(NETWORK_ERROR_CODE, 'The exam service cannot be reached. Check the network connection.');
    }
    return new BridgeError(
      error.response.status >= 500 ? 'internal' : 'bad_request',
      `The exam service answered ${error.response.status} without an explanation.`,
    );
  }
  return new BridgeError('internal', 'Something went wrong in the exam client.');
}
