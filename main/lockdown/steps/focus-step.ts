/**
 * What cannot be blocked is detected: the exam window losing focus (Alt+Tab, Ctrl+Alt+Del, a
 * notification), being hidden or minimized, or leaving full screen. The window is taken back at once
 * and again every second until it has focus; when it does, FOCUS_LOST is reported with its duration.
 */
import type { BrowserWindow } from 'electron';
import type { IncidentSink } from '../../incidents/incident-reporter';
import type { LockdownStep } from '../lockdown-step';

export type FocusableWindow = Pick<
  BrowserWindow,
  | 'on'
  | 'removeListener'
  | 'isDestroyed'
  | 'isFocused'
  | 'isMinimized'
  | 'restore'
  | 'show'
  | 'focus'
  | 'moveTop'
  | 'setFullScreen'
  | 'setKiosk'
>;

export interface FocusStepDeps {
  window: FocusableWindow;
  incidents: IncidentSink;
  now?: () => number;
  retakeEveryMs?: number;
  timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

type LossCause = 'blur' | 'hide' | 'minimize' | 'leave-full-screen';
const LOSS_EVENTS: readonly LossCause[] = ['blur', 'hide', 'minimize', 'leave-full-screen'];

export function createFocusStep(deps: FocusStepDeps): LockdownStep {
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? { setInterval, clearInterval };
  const { window } = deps;
  let lostAt: number | null = null;
  let cause: LossCause | null = null;
  let retake: ReturnType<typeof setInterval> | null = null;

  const takeBack = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.setKiosk(true);
    window.setFullScreen(true);
    window.moveTop();
    window.focus();
  };

  const stopRetaking = () => {
    if (retake) timers.clearInterval(retake);
    retake = null;
  };

  const report = () => {
    if (lostAt === null) return;
    const durationMs = Math.max(0, now() - lostAt);
    deps.incidents.raise(
      'FOCUS_LOST',
      { durationMs, cause, lostAt: new Date(lostAt).toISOString() },
      `The exam window lost focus for ${(durationMs / 1000).toFixed(1)} s.`,
    );
    lostAt = null;
    cause = null;
  };

  const onLoss = (lossCause: LossCause) => () => {
    if (lostAt === null) {
      lostAt = now();
      cause = lossCause;
    }
    takeBack();
    retake ??= timers.setInterval(() => {
      if (window.isDestroyed() || window.isFocused()) return;
      takeBack();
    }, deps.retakeEveryMs ?? 1_000);
  };
  const lossListeners = new Map(LOSS_EVENTS.map((name) => [name, onLoss(name)]));

  const onFocus = () => {
    stopRetaking();
    report();
  };

  return {
    name: 'focus',
    async apply() {
      for (const [name, listener] of lossListeners) window.on(name as 'blur', listener);
      window.on('focus', onFocus);
      if (!window.isFocused()) takeBack();
    },
    async revert() {
      stopRetaking();
      if (window.isDestroyed()) return;
      for (const [name, listener] of lossListeners) window.removeListener(name as 'blur', listener);
      window.removeListener('focus', onFocus);
      // A loss still open when the exam ends is reported up to now.
      report();
    },
  };
}
