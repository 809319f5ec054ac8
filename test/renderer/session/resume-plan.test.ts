import { describe, expect, it } from 'vitest';
import type { CurrentSession } from '../../../shared/ipc/contract';
import { examPolicySchema } from '../../../shared/policy';
import type { SessionState } from '../../../shared/session-states';
import { planResume } from '../../../renderer/session/resume-plan';

const SERVICE_NOW = '2030-01-01T10:30:00.000Z';

function current(state: SessionState, status: Partial<CurrentSession['status']> = {}): CurrentSession {
  return {
    session: {
      sessionId: 's1',
      state,
      exam: {
        id: 'e1',
        title: 'Demo',
        mode: 'recording',
        durationMinutes: 60,
        startUrl: 'https://exam.example/start',
        allowedUrls: [],
      },
      policy: examPolicySchema.parse({}),
      candidate: { externalUserId: 'u1', userName: 'A. Candidate', hasFacePhoto: false },
      preview: true,
    },
    status: {
      state,
      authScore: null,
      stopReason: null,
      serverTime: SERVICE_NOW,
      startedAt: null,
      endsAt: null,
      clockOffsetMs: 0,
      ...status,
    },
  };
}

describe('planResume: where a (re)started renderer takes the candidate', () => {
  it('no session: the launch screen', () => {
    expect(planResume(null)).toEqual({ kind: 'launch' });
  });

  it('joined or in the checks: the checks again', () => {
    expect(planResume(current('joined'))).toEqual({ kind: 'checks' });
    expect(planResume(current('checks'))).toEqual({ kind: 'checks' });
  });

  it('waiting for approval, or approved: the approval screen (approved starts the exam)', () => {
    expect(planResume(current('approval_requested'))).toEqual({ kind: 'approval', approved: false });
    expect(planResume(current('approved'))).toEqual({ kind: 'approval', approved: true });
  });

  it("started: back into the exam; the time is up only once the service's endsAt has passed on its clock", () => {
    const running = { startedAt: '2030-01-01T10:00:00.000Z', endsAt: '2030-01-01T11:00:00.000Z' };
    expect(planResume(current('started', running))).toEqual({ kind: 'exam', timeUp: false });
    expect(planResume(current('started', { ...running, endsAt: '2030-01-01T10:29:59.000Z' }))).toEqual({
      kind: 'exam',
      timeUp: true,
    });
    // An explicit service time (for a status read a while ago) wins over the answer's own.
    expect(planResume(current('started', running), Date.parse('2030-01-01T11:00:00.000Z'))).toEqual({
      kind: 'exam',
      timeUp: true,
    });
  });

  it('over: the end screen with the state and the service’s reason', () => {
    expect(planResume(current('stopped', { stopReason: 'Identity mismatch' }))).toEqual({
      kind: 'ended',
      state: 'stopped',
      reason: 'Identity mismatch',
    });
    for (const state of ['finished', 'dismissed', 'closed', 'closed_automatically'] as const) {
      expect(planResume(current(state))).toMatchObject({ kind: 'ended', state });
    }
  });
});
