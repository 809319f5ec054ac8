/** Turns anything thrown into something the candidate can read (the bridge rejects with `{code, message}`). */
import type { UiError } from '../stores/app-store';

export function toUiError(error: unknown): UiError {
  if (
    error &&
    typeof error === 'object' &&
    'message' in error &&
    typeof error.message === 'string' &&
    error.message.trim()
  ) {
    return { key: 'error.bridge', params: { message: error.message } };
  }
  return { key: 'error.generic' };
}
