/**
 * The exam as the shell sees it: approval, the running exam (time, proctoring, connection,
 * recording, the exam page's status) and how it ended. The exam page itself never reaches this store.
 */
import { create } from 'zustand';
import type { UploadProgress } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/session-states';
import type { IdentityDisplay, PresenceDisplay } from '../proctoring/proctoring-rules';

export type ApprovalStatus = 'idle' | 'requesting' | 'waiting' | 'starting' | 'reverted';
export type RecordingStatus = 'off' | 'starting' | 'recording' | 'failed' | 'stopped';
export type ProctoringEngineStatus = 'off' | 'starting' | 'running' | 'failed';

export interface ExamEnd {
  /** `finished` when the candidate submitted or time ran out; otherwise the service's terminal state. */
  state: SessionState;
  reason: string | null;
  /** Why the shell finished: the page was submitted, the time ran out, or the service ended it. */
  cause: 'submitted' | 'time-up' | 'candidate' | 'service';
  /** Client clock, ms. */
  endedAt: number;
}

export interface LoggedIncident {
  type: string;
  recordingOffsetMs: number | null;
}

export interface ExamState {
  approval: ApprovalStatus;
  /** The exam was taken up again after a reload, a crashed renderer or a restarted app. */
  resumed: boolean;
  /** Why the approval was voided (a lockdown violation while waiting). */
  revertReason: string | null;
  /**
   * When the service started the exam and when its time runs out, moved onto this computer's clock
   * (the service's startedAt/endsAt minus the measured clock offset: renderer/exam/exam-clock.ts).
   */
  startedAt: number | null;
  endsAt: number | null;
  /** When the camera recording began (client clock): incidents' recording offsets count from here. */
  recordingStartedAt: number | null;
  recording: RecordingStatus;
  proctoring: ProctoringEngineStatus;
  presence: PresenceDisplay;
  identity: IdentityDisplay;
  presenceChecks: number;
  online: boolean;
  authScore: number | null;
  pageStatus: 'loading' | 'in-progress' | 'submitted';
  /** The last lockdown incident's message, shown briefly in the status bar. */
  lockdownNotice: string | null;
  incidents: LoggedIncident[];
  finishing: boolean;
  end: ExamEnd | null;
  upload: UploadProgress | null;
}

export const initialExamState: ExamState = {
  approval: 'idle',
  resumed: false,
  revertReason: null,
  startedAt: null,
  endsAt: null,
  recordingStartedAt: null,
  recording: 'off',
  proctoring: 'off',
  presence: 'starting',
  identity: 'unknown',
  presenceChecks: 0,
  online: true,
  authScore: null,
  pageStatus: 'loading',
  lockdownNotice: null,
  incidents: [],
  finishing: false,
  end: null,
  upload: null,
};

export const useExamStore = create<ExamState>()(() => ({ ...initialExamState }));

/** Milliseconds into the recording at `at` (client clock), or undefined before it began. */
export function recordingOffsetAt(at: number): number | undefined {
  const started = useExamStore.getState().recordingStartedAt;
  if (started === null) return undefined;
  return Math.max(0, Math.round(at - started));
}

export function logIncident(incident: LoggedIncident): void {
  useExamStore.setState((state) => ({ incidents: [...state.incidents, incident] }));
}
