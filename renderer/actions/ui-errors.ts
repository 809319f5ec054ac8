/**
 * The one way an error reaches the candidate: `showError` turns anything thrown (the bridge rejects
 * with `{code, message}`) or a catalog message into a `UiError` in the app store's `error`, which
 * <ErrorNotice> shows. When a call fails because the service has ended the session, the candidate
 * is told that, once, instead of seeing each refused call (`showCallError`).
 */
import { TERMINAL_STATES } from '../../shared/session-states';
import { bridge } from '../bridge/bridge-access';
import { messages, t } from '../i18n/messages';
import { announce } from '../stores/announcer-store';
import { useAppStore, type UiError } from '../stores/app-store';

/** A catalog message with its parameters, passed as it is. */
function isUiError(error: unknown): error is UiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'key' in error &&
    typeof error.key === 'string' &&
    error.key in messages
  );
}

export function toUiError(error: unknown): UiError {
  if (isUiError(error)) return error;
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

/** Shows an error (anything thrown, or a catalog message with its parameters) as the app's error. */
export function showError(error: unknown): void {
  useAppStore.setState({ error: toUiError(error) });
}

export function clearError(): void {
  useAppStore.setState({ error: null });
}

export function markSessionEnded(state: (typeof TERMINAL_STATES)[number], reason: string | null): void {
  if (useAppStore.getState().sessionEnded) return;
  useAppStore.setState({ sessionEnded: { state, reason }, error: null });
  announce(t('session.ended'), 'alert');
}

/** Shows a failed call's error, unless the session is over: then the ended session is what the candidate needs to know. */
export async function showCallError(error: unknown): Promise<void> {
  if (useAppStore.getState().sessionEnded) return;
  if (useAppStore.getState().session) {
    try {
      const status = await bridge().invoke('session:status');
      if (TERMINAL_STATES.includes(status.state)) {
        markSessionEnded(status.state, status.stopReason);
        return;
      }
    } catch {
      // The status is unknown too: fall through to the original error.
    }
  }
  showError(error);
}
