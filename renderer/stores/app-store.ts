/** Where the candidate is in the app, what the client told us about itself, and the launched session. */
import { create } from 'zustand';
import type { AppInfo, SessionSummary } from '../../shared/ipc/contract';
import type { MessageKey, MessageParams } from '../i18n/messages';

export type Phase = 'starting' | 'launch' | 'system' | 'identity' | 'ready';

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
  error: UiError | null;
}

export const initialAppState: AppState = {
  phase: 'starting',
  appInfo: null,
  preview: false,
  launchCode: '',
  launching: false,
  session: null,
  error: null,
};

export const useAppStore = create<AppState>()(() => ({ ...initialAppState }));
