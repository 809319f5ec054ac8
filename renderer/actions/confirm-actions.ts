/**
 * A resumed exam (approval asked for, approved, or started) continues only after the candidate
 * confirms it is still them: a few good frames go to the service with `identity:verify` (kind `live`,
 * `clientCompared: false`: this renderer has no enrolment to compare with), the service compares them
 * with the enrolment it stored and records IDENTITY_MISMATCH when they differ (with the default
 * policy that stops the session, which the event stream then shows). On a pass the frames' average
 * becomes the reference proctoring compares with, and the exam, its page and recording reopen.
 */
import type { SessionSummary } from '../../shared/ipc/contract';
import { TERMINAL_STATES, type SessionState } from '../../shared/session-states';
import { bridge } from '../bridge/bridge-access';
import type { FrameAnalysis } from '../face/face-protocol';
import { t } from '../i18n/messages';
import {
  addConfirmFrame,
  confirmedReference,
  confirmFailureReason,
  emptyCapture,
} from '../session/resume-confirmation';
import { announce } from '../stores/announcer-store';
import { useAppStore } from '../stores/app-store';
import { useConfirmStore, type ConfirmedResume } from '../stores/confirm-store';
import { useIdentityStore } from '../stores/identity-store';
import { resumeApproval, resumeExam, showEndedSession } from './exam-actions';
import { markSessionEnded, showCallError } from './ui-errors';

export function beginConfirmation(session: SessionSummary, after: ConfirmedResume): void {
  stopWatchingSession();
  // A mismatch stops the session with the default policy: the end screen says why (and follows the
  // upload of what was recorded before the reload).
  const stopListening = bridge().on('session:event', (event) => {
    if (event.type === 'state' && TERMINAL_STATES.includes(event.state))
      endWhileConfirming(session, event.state, event.reason);
  });
  useConfirmStore.setState({
    phase: 'capture',
    capture: emptyCapture,
    failure: null,
    attempts: 0,
    resumeTo: after,
    stopListening,
  });
  useAppStore.setState({ phase: 'confirm' });
  announce(t('confirm.title'));
}

export function retryConfirmation(): void {
  useConfirmStore.setState({ phase: 'capture', capture: emptyCapture, failure: null });
}

export async function onConfirmFrame(analysis: FrameAnalysis): Promise<void> {
  const state = useConfirmStore.getState();
  if (state.phase !== 'capture') return;
  const capture = addConfirmFrame(state.capture, analysis);
  useConfirmStore.setState({ capture });
  if (capture.complete) await verify();
}

async function verify(): Promise<void> {
  const { capture, attempts } = useConfirmStore.getState();
  useConfirmStore.setState({ phase: 'verifying', attempts: attempts + 1 });
  try {
    const result = await bridge().invoke('identity:verify', {
      kind: 'live',
      snapshots: capture.frames.map((frame) => frame.snapshot),
      // No claim: the enrolment this renderer could compare with is gone; the service decides.
      clientSimilarity: 0,
      clientPassed: false,
      clientCompared: false,
    });
    const failure = confirmFailureReason(result);
    if (failure) {
      useConfirmStore.setState({ phase: 'failed', failure });
      announce(t(failure), 'alert');
      // The mismatch may have stopped the session (the service's policy): say so rather than offer a retry.
      await refreshEnded();
      return;
    }
    useIdentityStore.setState({ enrolment: confirmedReference(capture.frames) });
    useConfirmStore.setState({ phase: 'passed' });
    announce(t('confirm.passed'));
    await continueResume();
  } catch (error) {
    useConfirmStore.setState({ phase: 'failed', failure: 'confirm.failedToCheck' });
    await showCallError(error);
  }
}

async function refreshEnded(): Promise<void> {
  const status = await bridge()
    .invoke('session:status')
    .catch(() => null);
  const session = useAppStore.getState().session;
  if (status && session && TERMINAL_STATES.includes(status.state))
    endWhileConfirming(session, status.state, status.stopReason);
}

function endWhileConfirming(session: SessionSummary, state: SessionState, reason: string | null): void {
  stopWatchingSession();
  useConfirmStore.setState({ resumeTo: null });
  if (useAppStore.getState().phase !== 'confirm') return;
  markSessionEnded(state, reason);
  showEndedSession(session, state, reason);
}

async function continueResume(): Promise<void> {
  const after = useConfirmStore.getState().resumeTo;
  useConfirmStore.setState({ resumeTo: null });
  stopWatchingSession();
  if (!after) return;
  if (after.kind === 'exam') resumeExam(after.session, after.status);
  else await resumeApproval(after.approved);
}

function stopWatchingSession(): void {
  useConfirmStore.getState().stopListening?.();
  useConfirmStore.setState({ stopListening: null });
}
