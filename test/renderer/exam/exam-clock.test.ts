/**
 * The exam's countdown from the service's endsAt, on a computer whose clock is wrong: the time left
 * follows the service's clock (through the main process's measured offset), and a client that
 * restarts mid-exam counts down to the same end instead of starting the full duration again.
 */
import { describe, expect, it } from 'vitest';
import { clockOffsetOf, examDeadline, msUntilTimeUp } from '../../../renderer/exam/exam-clock';
import { formatCountdown, secondsLeft } from '../../../renderer/exam/time-left';

const MINUTE = 60_000;
/** The service's clock at the start of the exam. */
const serviceStart = Date.parse('2026-03-02T09:00:00.000Z');
/** The candidate's clock runs 7 minutes 30 seconds fast: the main process measured the service 450 s behind. */
const skewMs = 7.5 * MINUTE;
const local = (serviceMs: number) => serviceMs + skewMs;

const statusAt = (serviceNow: number) => ({
  serverTime: new Date(serviceNow).toISOString(),
  startedAt: new Date(serviceStart).toISOString(),
  endsAt: new Date(serviceStart + 90 * MINUTE).toISOString(),
  clockOffsetMs: -skewMs,
});

/** What the status bar shows at a moment of the service's clock, read through the candidate's clock. */
const shown = (deadline: { endsAt: number }, serviceNow: number) =>
  formatCountdown(secondsLeft(deadline.endsAt, local(serviceNow))!);

describe('exam clock', () => {
  it('counts down to the service’s endsAt, whatever the local clock says', () => {
    const deadline = examDeadline(statusAt(serviceStart), 90, local(serviceStart));
    expect(deadline.source).toBe('service');
    // Moved onto the candidate's clock: the fast clock gains the candidate nothing.
    expect(deadline.endsAt).toBe(local(serviceStart + 90 * MINUTE));
    expect(deadline.startedAt).toBe(local(serviceStart));
    expect(shown(deadline, serviceStart)).toBe('1:30:00');
    expect(shown(deadline, serviceStart + 89 * MINUTE + 59_500)).toBe('0:01');
    expect(shown(deadline, serviceStart + 90 * MINUTE)).toBe('0:00');
    expect(msUntilTimeUp(deadline, local(serviceStart + 30 * MINUTE))).toBe(60 * MINUTE);
  });

  it('a client restarted 50 minutes in has 40 minutes left, not the full duration', () => {
    const resumedAt = serviceStart + 50 * MINUTE;
    const deadline = examDeadline(statusAt(resumedAt), 90, local(resumedAt));
    expect(shown(deadline, resumedAt)).toBe('40:00');
    expect(msUntilTimeUp(deadline, local(resumedAt))).toBe(40 * MINUTE);
    // Restarted after the end: time is up at once.
    const late = serviceStart + 95 * MINUTE;
    expect(msUntilTimeUp(examDeadline(statusAt(late), 90, local(late)), local(late))).toBe(0);
  });

  it('a candidate who turns the clock back mid-exam gains no time from the next restart', () => {
    // The clock is set back an hour; the main process measures the new offset from the service's answers.
    const restartAt = serviceStart + 20 * MINUTE;
    const turnedBack = restartAt - 60 * MINUTE;
    const deadline = examDeadline({ ...statusAt(restartAt), clockOffsetMs: restartAt - turnedBack }, 90, turnedBack);
    expect(secondsLeft(deadline.endsAt, turnedBack)).toBe(70 * 60);
  });

  it('without the main process’s offset, reads the service’s clock from the answer’s serverTime', () => {
    const { clockOffsetMs: _measured, ...status } = statusAt(serviceStart + 10 * MINUTE);
    expect(clockOffsetOf(status, local(serviceStart + 10 * MINUTE))).toBe(-skewMs);
    const deadline = examDeadline(status, 90, local(serviceStart + 10 * MINUTE));
    expect(shown(deadline, serviceStart + 10 * MINUTE)).toBe('1:20:00');
  });

  it('falls back to start + duration on this computer when the service sends no endsAt (an older service)', () => {
    const now = local(serviceStart);
    const deadline = examDeadline({ serverTime: new Date(serviceStart).toISOString() }, 90, now);
    expect(deadline).toEqual({ startedAt: now, endsAt: now + 90 * MINUTE, source: 'local' });
    expect(examDeadline({ ...statusAt(serviceStart), endsAt: null }, 90, now).source).toBe('local');
  });
});
