/**
 * Where a renderer that starts (or restarts: a reload, a crashed renderer, a restarted app) takes the
 * candidate, from the session the main process already holds. Launch codes are single-use, so a
 * session in progress must never fall back to the launch screen.
 */
import type { CurrentSession } from '../../shared/ipc/contract';
import { TERMINAL_STATES, type SessionState } from '../../shared/session-states';

export type ResumePlan =
  /** No session yet: the launch screen. */
  | { kind: 'launch' }
  /**
   * Joined or in the checks: the checks again from the start (what was measured, and the identity
   * enrolment, lived in the renderer that is gone; the service takes a new enrolment over the old one).
   */
  | { kind: 'checks' }
  /** Approval asked for (`approved`: given, so the exam starts as it would have). */
  | { kind: 'approval'; approved: boolean }
  /** The exam runs: back into it, counting down to the service's endsAt (`timeUp` when that has passed). */
  | { kind: 'exam'; timeUp: boolean }
  /** Over: the end screen with the service's reason. */
  | { kind: 'ended'; state: SessionState; reason: string | null };

export function planResume(current: CurrentSession | null, serviceNow?: number): ResumePlan {
  if (!current) return { kind: 'launch' };
  const { state, stopReason, endsAt } = current.status;
  if (TERMINAL_STATES.includes(state)) return { kind: 'ended', state, reason: stopReason };
  switch (state) {
    case 'joined':
    case 'checks':
      return { kind: 'checks' };
    case 'approval_requested':
      return { kind: 'approval', approved: false };
    case 'approved':
      return { kind: 'approval', approved: true };
    case 'started': {
      const deadline = endsAt ? Date.parse(endsAt) : NaN;
      const now = serviceNow ?? Date.parse(current.status.serverTime);
      return { kind: 'exam', timeUp: !Number.isNaN(deadline) && !Number.isNaN(now) && now >= deadline };
    }
    default:
      return { kind: 'launch' };
  }
}
