/**
 * The exam's clock comes from the service, not from the candidate's computer: the service says when
 * the exam started and when its time runs out (`startedAt`/`endsAt` on the session status), and the
 * main process says how far this computer's clock is from the service's (`clockOffsetMs`). The
 * deadline is moved onto this computer's clock once, so the countdown and the time-up timer keep
 * using `Date.now()`; a client that restarts mid-exam counts down to the same end, and a clock set
 * wrong (or turned back) by the candidate gains no time.
 */
import type { SessionStatus } from '../../shared/ipc/contract';

export interface ExamDeadline {
  /** This computer's clock (ms) at the moment the service considers the exam started / over. */
  startedAt: number;
  endsAt: number;
  /** `service`: from the service's endsAt; `local`: an older service sent none, so start + duration here. */
  source: 'service' | 'local';
}

type StatusClock = Pick<SessionStatus, 'serverTime' | 'startedAt' | 'endsAt' | 'clockOffsetMs'>;

/** The service's clock minus ours: the main process's measure, else this answer's serverTime as received. */
export function clockOffsetOf(status: StatusClock, localNow: number): number {
  if (status.clockOffsetMs !== undefined) return status.clockOffsetMs;
  const server = Date.parse(status.serverTime);
  return Number.isNaN(server) ? 0 : server - localNow;
}

/** The exam's deadline on this computer's clock, from the status the service answered `session:start` (or later) with. */
export function examDeadline(status: StatusClock, durationMinutes: number, localNow: number): ExamDeadline {
  const duration = durationMinutes * 60_000;
  const endsAt = status.endsAt ? Date.parse(status.endsAt) : NaN;
  if (Number.isNaN(endsAt)) return { startedAt: localNow, endsAt: localNow + duration, source: 'local' };
  const offset = clockOffsetOf(status, localNow);
  const startedAt = status.startedAt ? Date.parse(status.startedAt) : NaN;
  return {
    startedAt: (Number.isNaN(startedAt) ? endsAt - duration : startedAt) - offset,
    endsAt: endsAt - offset,
    source: 'service',
  };
}

/** Milliseconds until the time is up (0 when it already is: a client resumed after the end finishes at once). */
export function msUntilTimeUp(deadline: Pick<ExamDeadline, 'endsAt'>, localNow: number): number {
  return Math.max(0, deadline.endsAt - localNow);
}
