/** Start-up and launch: the first calls over the bridge. */
import { bridge, installBridge } from '../bridge/bridge-access';
import { registerRoomScanRecorder } from '../checks/room-scan-hook';
import { RoomScanRecording } from '../recording';
import { useAppStore } from '../stores/app-store';
import { announce } from '../stores/announcer-store';
import { t } from '../i18n/messages';
import { TERMINAL_STATES } from '../../shared/session-states';
import type { CurrentSession } from '../../shared/ipc/contract';
import { planResume } from '../session/resume-plan';
import { isServiceUnreachable, retryWhileUnreachable } from '../session/service-retry';
import { beginCheckFlow } from './check-actions';
import { beginConfirmation } from './confirm-actions';
import { showEndedSession } from './exam-actions';
import { clearError, markSessionEnded, showCallError, showError } from './ui-errors';

export async function startApp(): Promise<void> {
  try {
    const { preview } = installBridge();
    // ROOM_CHECK records the pan into the spool like the exam's own recordings (kind `room`).
    registerRoomScanRecorder(new RoomScanRecording(bridge()));
    const info = await bridge().invoke('app:info');
    listenToSession();
    useAppStore.setState({
      appInfo: info,
      preview: preview || info.preview,
      launchCode: info.pendingLaunchCode ?? '',
      error: null,
    });
    // A session the main process already holds (this renderer reloaded, crashed, or the app restarted)
    // is taken up where it stands: launch codes are single-use, so the launch screen would lock the candidate out.
    // An unreachable service is waited for, with the candidate told, rather than shown as an error.
    const current = await retryWhileUnreachable(() => bridge().invoke('session:current'), {
      retryable: isServiceUnreachable,
      onRetry: (attempt, delayMs) => {
        useAppStore.setState({ serviceRetry: { attempt, delayMs } });
        if (attempt === 1) announce(t('app.serviceUnreachable'), 'alert');
      },
    });
    useAppStore.setState({ serviceRetry: null });
    await resumeSession(current);
  } catch (error) {
    useAppStore.setState({ phase: 'launch', serviceRetry: null });
    showError(error);
  }
}

async function resumeSession(current: CurrentSession | null): Promise<void> {
  const plan = planResume(current);
  if (!current || plan.kind === 'launch') {
    useAppStore.setState({ phase: 'launch' });
    return;
  }
  const { session, status } = current;
  useAppStore.setState({ session: { ...session, state: status.state } });
  switch (plan.kind) {
    case 'checks':
      useAppStore.setState({ phase: 'system' });
      await beginCheckFlow('system', session);
      return;
    // The enrolment proctoring compares with lived in the renderer that is gone: the candidate
    // confirms it is still them before the exam (or its start) continues.
    case 'approval':
      beginConfirmation(session, { kind: 'approval', approved: plan.approved });
      return;
    case 'exam':
      beginConfirmation(session, { kind: 'exam', session, status });
      return;
    case 'ended':
      showEndedSession(session, plan.state, plan.reason);
      return;
  }
}

/** The service's pushes: a session that ends while the candidate is in the checks is shown at once. */
function listenToSession(): void {
  bridge().on('session:event', (event) => {
    if (event.type === 'state' && TERMINAL_STATES.includes(event.state)) markSessionEnded(event.state, event.reason);
  });
}

export function setLaunchCode(launchCode: string): void {
  useAppStore.setState({ launchCode });
}

export async function launch(): Promise<void> {
  const code = useAppStore.getState().launchCode.trim();
  if (!code) {
    showError({ key: 'launch.empty' });
    return;
  }
  useAppStore.setState({ launching: true, error: null });
  announce(t('launch.submitting'));
  try {
    const session = await bridge().invoke('session:launch', { launchCode: code });
    useAppStore.setState({ session, launching: false, phase: 'system' });
    await beginCheckFlow('system', session);
  } catch (error) {
    useAppStore.setState({ launching: false });
    await showCallError(error);
  }
}

export function dismissError(): void {
  clearError();
}
