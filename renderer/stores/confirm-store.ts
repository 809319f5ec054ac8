/** The "confirm it's still you" capture before a resumed exam continues (session/resume-confirmation.ts). */
import { create } from 'zustand';
import type { MessageKey } from '../i18n/messages';
import { emptyCapture, type ConfirmCapture } from '../session/resume-confirmation';

/** `capture`: good frames are collected; `verifying`: the service compares; `failed`: the candidate may try again. */
export type ConfirmPhase = 'capture' | 'verifying' | 'failed' | 'passed';

export interface ConfirmState {
  phase: ConfirmPhase;
  capture: ConfirmCapture;
  /** Why the last attempt failed, for the candidate. */
  failure: MessageKey | null;
  attempts: number;
}

export const initialConfirmState: ConfirmState = {
  phase: 'capture',
  capture: emptyCapture,
  failure: null,
  attempts: 0,
};

export const useConfirmStore = create<ConfirmState>()(() => ({ ...initialConfirmState }));
