/**
 * What the running exam holds open besides its displayed state (exam-store.ts): the subscriptions
 * to the main process's pushes, the proctoring session, the time-up timer and the upload watch.
 * Kept in a store rather than in module variables, so a test can see what is open and reset it.
 */
import { create } from 'zustand';
import type { ProctoringSession } from '../proctoring/proctoring-session';

export interface ExamWorkState {
  /** Ends the exam's event subscriptions; empty until the exam first listens (once per renderer). */
  unsubscribe: Array<() => void>;
  proctoring: ProctoringSession | null;
  timeUp: ReturnType<typeof setTimeout> | null;
  stopUploadWatch: (() => void) | null;
}

export const initialExamWorkState: ExamWorkState = {
  unsubscribe: [],
  proctoring: null,
  timeUp: null,
  stopUploadWatch: null,
};

export const useExamWorkStore = create<ExamWorkState>()(() => ({ ...initialExamWorkState }));
