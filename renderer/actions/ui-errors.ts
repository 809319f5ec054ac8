/**
 * Turns anything thrown into something the candidate can read (the bridge rejects with
 * `{code, message}`). When a call fails because the service has ended the session, the candidate is
 * told that, once, instead of seeing each refused call.
 */
import { TERMINAL_STATES } from '../../shared/session-states';
import { bridge } from '../bridge/bridge-access';
import { t } from '../i18n/messages';
import { announce } from '../stores/announcer-store';
import { useAppStore, type UiError } from '../stores/app-store';

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

export function markSessionEnded(state: (typeof TERMINAL_STATES)[number], reason: string | null): void {
  if (useAppStore.getState().sessionEnded) return;
  useAppStore.setState({ sessionEnded: { state, reason }, error: null });
  announce(t('session.ended'), 'alert');
}

/** Shows a failed call's error, unless the session is over: then the ended session is what the candidate needs to know. */
export async function showError(error: unknown): Promise<void> {
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
  useAppStore.setState({ error: toUiError(error) });
}
