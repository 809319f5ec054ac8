/**
 * The exam itself: approval (requested, then learnt of through the service's pushed events, never
 * polled), the start (lockdown first, in the main process), recording and live proctoring, the exam
 * page's submission or the time running out, and the end (finished by the candidate or stopped by
 * the service), with the upload followed to the last byte.
 */
import type { EventPayload, SessionStatus, SessionSummary, UploadProgress } from '../../shared/ipc/contract';
import { recordsMedia } from '../../shared/policy';
import { TERMINAL_STATES, type SessionState } from '../../shared/session-states';
import { bridge, bridgeIsHttp } from '../bridge/bridge-access';
import { examDeadline, msUntilTimeUp } from '../exam/exam-clock';
import { t } from '../i18n/messages';
import type { ProctoringIncident } from '../proctoring/proctoring-rules';
import { startProctoring } from '../proctoring/proctoring-session';
import { startRecording, stopRecording, watchUploadProgress } from '../recording';
import { announce } from '../stores/announcer-store';
import { useAppStore } from '../stores/app-store';
import { logIncident, recordingOffsetAt, useExamStore, type ExamEnd } from '../stores/exam-store';
import { useExamWorkStore } from '../stores/exam-work-store';
import { useIdentityStore } from '../stores/identity-store';
import { clearError, showError } from './ui-errors';

/** Subscribes once to what the main process pushes: session states, lockdown incidents, connection, the exam page. */
export function listenToExamEvents(): void {
  if (useExamWorkStore.getState().unsubscribe.length > 0) return;
  const vigil = bridge();
  const unsubscribe = [
    vigil.on('session:event', (event) => void onSessionEvent(event)),
    vigil.on('lockdown:incident', (incident) => {
      useExamStore.setState({ lockdownNotice: incident.message });
      logIncident({ type: incident.type, recordingOffsetMs: recordingOffsetAt(Date.now()) ?? null });
    }),
    vigil.on('network:status', ({ online }) => useExamStore.setState({ online })),
    vigil.on('exam:page', ({ status }) => examPageStatus(status)),
  ];
  useExamWorkStore.setState({ unsubscribe });
}

/** The candidate asks to start: approval first; an approval given at once (the policy's autoApprove) starts the exam. */
export async function requestStart(): Promise<void> {
  const { approval } = useExamStore.getState();
  if (approval === 'requesting' || approval === 'starting') return;
  listenToExamEvents();
  useExamStore.setState({ approval: 'requesting', revertReason: null });
  clearError();
  try {
    const status = await bridge().invoke('session:request-approval');
    if (status.state === 'approved') return await startExam();
    if (TERMINAL_STATES.includes(status.state)) return endByService(status.state, status.stopReason);
    // The institution decides; its answer arrives on the event stream.
    if (useExamStore.getState().approval === 'requesting') {
      useExamStore.setState({ approval: 'waiting' });
      announce(t('approval.waiting'));
    }
  } catch (error) {
    useExamStore.setState({ approval: 'idle' });
    showError(error);
  }
}

async function onSessionEvent(event: EventPayload<'session:event'>): Promise<void> {
  if (event.type === 'auth-score') {
    useExamStore.setState({ authScore: event.authScore });
    return;
  }
  const { approval, end, finishing } = useExamStore.getState();
  const phase = useAppStore.getState().phase;
  if (event.state === 'approved' && (approval === 'waiting' || approval === 'requesting')) {
    await startExam();
  } else if (event.state === 'checks' && (approval === 'waiting' || approval === 'requesting')) {
    // A lockdown violation while waiting voided the approval (SESSION_APPROVAL_REVERTED).
    useExamStore.setState({ approval: 'reverted', revertReason: event.reason });
    announce(t('approval.reverted'), 'alert');
  } else if (TERMINAL_STATES.includes(event.state) && !end && !(finishing && event.state === 'finished')) {
    if (phase === 'exam' || phase === 'ready') await endByService(event.state, event.reason);
  }
}

async function startExam(): Promise<void> {
  if (useExamStore.getState().approval === 'starting') return;
  useExamStore.setState({ approval: 'starting' });
  const session = useAppStore.getState().session;
  if (!session) return;
  let status: SessionStatus;
  try {
    status = await bridge().invoke('session:start');
    if (status.state !== 'started') {
      if (TERMINAL_STATES.includes(status.state)) return endByService(status.state, status.stopReason);
      throw new Error(`The exam service did not start the exam (${status.state}).`);
    }
  } catch (error) {
    useExamStore.setState({ approval: 'idle' });
    showError(error);
    return;
  }
  runExam(session, status, false);
}

/**
 * Back into an exam that is already running (the renderer reloaded or crashed, or the app restarted):
 * the same clock (the service's endsAt, not a new duration), a new recording and proctoring again.
 */
export function resumeExam(session: SessionSummary, status: SessionStatus): void {
  listenToExamEvents();
  useExamStore.setState({ approval: 'starting', resumed: true });
  runExam(session, status, true);
}

/** Back to the approval: still waiting (the push arrives on the event stream), or approved, so the exam starts. */
export async function resumeApproval(approved: boolean): Promise<void> {
  listenToExamEvents();
  useExamStore.setState({ approval: 'waiting', revertReason: null });
  useAppStore.setState({ phase: 'ready' });
  if (approved) await startExam();
}

/** A session that is over when the renderer starts: the end screen with the service's reason, and its upload. */
export function showEndedSession(session: SessionSummary, state: SessionState, reason: string | null): void {
  if (recordsMedia(session.exam.mode)) useExamStore.setState({ recording: 'stopped' });
  showEnd({ state, reason, cause: 'service', endedAt: Date.now() });
}

function runExam(session: SessionSummary, status: SessionStatus, resumed: boolean): void {
  // The time left counts down to the service's endsAt, read through the service's clock (exam/exam-clock.ts).
  const { startedAt, endsAt } = examDeadline(status, session.exam.durationMinutes, Date.now());
  useExamStore.setState({ startedAt, endsAt, pageStatus: 'loading', incidents: [], end: null });
  useAppStore.setState({ phase: 'exam', error: null });
  announce(t(resumed ? 'exam.resumed' : 'exam.started'));
  const timeUp = setTimeout(() => void finishExam('time-up'), msUntilTimeUp({ endsAt }, Date.now()));
  useExamWorkStore.setState({ timeUp });

  // Recording first: every incident's offset counts from its start.
  if (recordsMedia(session.exam.mode)) {
    useExamStore.setState({ recording: 'starting', recordingStartedAt: Date.now() });
    startRecording(session.exam.mode, bridge())
      .then(() => useExamStore.setState({ recording: 'recording' }))
      .catch((error: unknown) => {
        console.warn('[vigil] recording did not start:', error);
        useExamStore.setState({ recording: 'failed' });
      });
  } else {
    useExamStore.setState({ recordingStartedAt: Date.now() });
  }
  void beginProctoring();
  // In Electron the exam page opens in its own locked view; the preview frames it in the shell instead.
  if (!bridgeIsHttp()) {
    void bridge()
      .invoke('exam:open')
      .catch((error: unknown) => showError(error));
  }
}

async function beginProctoring(): Promise<void> {
  const session = useAppStore.getState().session;
  if (!session) return;
  useExamStore.setState({ proctoring: 'starting' });
  try {
    const started = await startProctoring({
      policy: session.policy,
      enrolment: useIdentityStore.getState().enrolment,
      onIncident: (incident) => void reportProctoringIncident(incident),
      onStatus: (status) =>
        useExamStore.setState({
          presence: status.presence,
          identity: status.identity,
          presenceChecks: status.presenceChecks,
        }),
      onError: (error) => {
        console.warn('[vigil] proctoring stopped:', error);
        useExamStore.setState({ proctoring: 'failed' });
      },
    });
    // The exam may have ended while the models loaded.
    if (useExamStore.getState().end || useExamStore.getState().finishing) {
      await started.stop();
      return;
    }
    useExamWorkStore.setState({ proctoring: started });
    useExamStore.setState({ proctoring: 'running' });
  } catch (error) {
    console.warn('[vigil] proctoring did not start:', error);
    useExamStore.setState({ proctoring: 'failed' });
  }
}

export async function reportProctoringIncident(incident: ProctoringIncident): Promise<void> {
  const recordingOffsetMs = recordingOffsetAt(incident.startedAt);
  logIncident({ type: incident.type, recordingOffsetMs: recordingOffsetMs ?? null });
  try {
    await bridge().invoke('incident:report', {
      type: incident.type,
      details: incident.details,
      ...(recordingOffsetMs === undefined ? {} : { recordingOffsetMs }),
    });
  } catch (error) {
    console.warn(`[vigil] incident ${incident.type} not reported:`, error);
  }
}

/** What the exam page says about itself (the preview's iframe message, or Electron's exam view). */
export function examPageStatus(status: 'loading' | 'in-progress' | 'submitted'): void {
  if (useAppStore.getState().phase !== 'exam') return;
  useExamStore.setState({ pageStatus: status });
  if (status === 'submitted') void finishExam('submitted');
}

/** Ends the exam on the candidate's side: proctoring and recording stop, the service hears "finished". */
export async function finishExam(cause: 'submitted' | 'time-up' | 'candidate'): Promise<void> {
  const { finishing, end } = useExamStore.getState();
  if (finishing || end) return;
  useExamStore.setState({ finishing: true });
  announce(t('exam.finishing'));
  await stopLiveWork();
  try {
    const status = await bridge().invoke('session:finish');
    showEnd({ state: status.state, reason: status.stopReason, cause, endedAt: Date.now() });
  } catch (error) {
    // The service may have stopped the session a moment earlier; say what it says.
    const status = await bridge()
      .invoke('session:status')
      .catch(() => null);
    if (status && TERMINAL_STATES.includes(status.state)) {
      showEnd({ state: status.state, reason: status.stopReason, cause: 'service', endedAt: Date.now() });
    } else {
      useExamStore.setState({ finishing: false });
      showError(error);
    }
  }
}

/** The service ended the session (auto-stop, dismissed, closed): everything stops at once and the candidate is told why. */
async function endByService(state: SessionState, reason: string | null): Promise<void> {
  if (useExamStore.getState().end) return;
  showEnd({ state, reason, cause: 'service', endedAt: Date.now() });
  announce(t('exam.stoppedAnnouncement'), 'alert');
  await stopLiveWork();
  void bridge()
    .invoke('exam:close')
    .catch(() => undefined);
}

async function stopLiveWork(): Promise<void> {
  const { timeUp, proctoring: running } = useExamWorkStore.getState();
  if (timeUp) clearTimeout(timeUp);
  useExamWorkStore.setState({ timeUp: null, proctoring: null });
  await running?.stop().catch(() => undefined);
  useExamStore.setState({ proctoring: 'off' });
  if (useExamStore.getState().recording !== 'off') {
    await stopRecording().catch((error: unknown) => console.warn('[vigil] stopping the recording failed:', error));
    useExamStore.setState({ recording: 'stopped' });
  }
}

function showEnd(end: ExamEnd): void {
  useExamStore.setState({ end, finishing: false });
  useAppStore.setState({ phase: 'ended' });
  stopWatchingUpload();
  const stopUploadWatch = watchUploadProgress(bridge(), (upload: UploadProgress) => {
    useExamStore.setState({ upload });
    if (upload.done) stopWatchingUpload();
  });
  useExamWorkStore.setState({ stopUploadWatch });
}

function stopWatchingUpload(): void {
  useExamWorkStore.getState().stopUploadWatch?.();
  useExamWorkStore.setState({ stopUploadWatch: null });
}
