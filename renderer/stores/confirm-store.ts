/** The "confirm it's still you" capture before a resumed exam continues (session/resume-confirmation.ts). */
import { create } from 'zustand';
import type { SessionStatus, SessionSummary } from '../../shared/ipc/contract';
import type { MessageKey } from '../i18n/messages';
import { emptyCapture, type ConfirmCapture } from '../session/resume-confirmation';

/** `capture`: good frames are collected; `verifying`: the service compares; `failed`: the candidate may try again. */
export type ConfirmPhase = 'capture' | 'verifying' | 'failed' | 'passed';

/** Where the candidate goes once confirmed. */
export type ConfirmedResume =
  { kind: 'approval'; approved: boolean } | { kind: 'exam'; session: SessionSummary; status: SessionStatus };

export interface ConfirmState {
  phase: ConfirmPhase;
  capture: ConfirmCapture;
  /** Why the last attempt failed, for the candidate. */
  failure: MessageKey | null;
  attempts: number;
  /** Where the confirmed candidate continues; null once taken (or when the session ended meanwhile). */
  resumeTo: ConfirmedResume | null;
  /** Ends the watch for the session ending while the candidate confirms. */
  stopListening: (() => void) | null;
}

export const initialConfirmState: ConfirmState = {
  phase: 'capture',
  capture: emptyCapture,
  failure: null,
  attempts: 0,
  resumeTo: null,
  stopListening: null,
};

export const useConfirmStore = create<ConfirmState>()(() => ({ ...initialConfirmState }));
