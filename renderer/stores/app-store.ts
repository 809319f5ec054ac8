/** Where the candidate is in the app, what the client told us about itself, and the launched session. */
import { create } from 'zustand';
import type { AppInfo, SessionSummary } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/session-states';
import type { MessageKey, MessageParams } from '../i18n/messages';

/**
 * `ready`: checks done, approval and start (ReadyScreen); `confirm`: a resumed exam waits for the
 * candidate to confirm it is still them; `exam`: the exam page runs; `ended`: finished or stopped.
 */
export type Phase = 'starting' | 'launch' | 'system' | 'identity' | 'confirm' | 'ready' | 'exam' | 'ended';

/** An error the candidate sees: a catalog key and its parameters, never a raw exception. */
export interface UiError {
  key: MessageKey;
  params?: MessageParams;
}

export interface AppState {
  phase: Phase;
  appInfo: AppInfo | null;
  /** The renderer talks to the main process over HTTP: not inside the locked-down shell. */
  preview: boolean;
  launchCode: string;
  launching: boolean;
  session: SessionSummary | null;
  /** The service ended the session (stopped, dismissed, closed…): pushed over the event stream. */
  sessionEnded: { state: SessionState; reason: string | null } | null;
  error: UiError | null;
  /** Start-up could not reach the exam service: the retry coming up (the candidate is told, not sent to the launch screen). */
  serviceRetry: { attempt: number; delayMs: number } | null;
}

export const initialAppState: AppState = {
  phase: 'starting',
  appInfo: null,
  preview: false,
  launchCode: '',
  launching: false,
  session: null,
  sessionEnded: null,
  error: null,
  serviceRetry: null,
};

export const useAppStore = create<AppState>()(() => ({ ...initialAppState }));
