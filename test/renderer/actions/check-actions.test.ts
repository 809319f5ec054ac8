/** The actions layer against a recording bridge: what reaches the service, and when. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridge, type VigilBridge } from '../../../shared/ipc/bridge';
import { examPolicySchema } from '../../../shared/policy';
import type { SessionSummary } from '../../../shared/ipc/contract';
import { enterStep, finishFlow, proceedAfterFinish, settleStep } from '../../../renderer/actions/check-actions';
import { failed, passed, pending } from '../../../renderer/checks/check-result';
import { initialAppState, useAppStore } from '../../../renderer/stores/app-store';
import { beginFlow, initialChecksState, useChecksStore } from '../../../renderer/stores/checks-store';

const calls: Array<{ channel: string; payload: unknown }> = [];
let failNext = false;
let sessionState = 'checks';

function fakeBridge(): VigilBridge {
  return createBridge({
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      if (channel === 'session:status') {
        return {
          state: sessionState,
          authScore: null,
          stopReason: sessionState === 'stopped' ? '1 critical incident: IDENTITY_MISMATCH' : null,
          serverTime: new Date().toISOString(),
        };
      }
      if (failNext) {
        failNext = false;
        throw { code: 'invalid_state', message: 'The session is stopped' };
      }
      return { ok: true };
    },
    subscribe: () => () => undefined,
  });
}

const session: SessionSummary = {
  sessionId: '00000000-0000-4000-8000-000000000000',
  state: 'checks',
  exam: {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'Exam',
    mode: 'recording',
    durationMinutes: 60,
    startUrl: 'https://x',
    allowedUrls: [],
  },
  policy: examPolicySchema.parse({ requireIdCard: true }),
  candidate: { externalUserId: 'c', userName: 'Alex', hasFacePhoto: true },
  preview: true,
};

beforeEach(() => {
  calls.length = 0;
  sessionState = 'checks';
  (globalThis as { window?: unknown }).window = { vigil: fakeBridge() };
  useAppStore.setState({ ...initialAppState, session, phase: 'system' });
  useChecksStore.setState({ ...initialChecksState });
  beginFlow('system', ['START', 'MICROPHONE', 'FINISH']);
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const reports = () => calls.filter((call) => call.channel === 'checks:report-step').map((call) => call.payload);

describe('check actions', () => {
  it('reports a step as started when entered, and its decided verdict once', async () => {
    await enterStep('system', 'MICROPHONE');
    await settleStep('system', 'MICROPHONE', pending('mic.speakNow'));
    await settleStep('system', 'MICROPHONE', passed({ peakDb: -20 }));
    await settleStep('system', 'MICROPHONE', passed({ peakDb: -20 }));
    expect(reports()).toEqual([
      { flow: 'system', step: 'MICROPHONE', status: 'started', details: {} },
      { flow: 'system', step: 'MICROPHONE', status: 'passed', details: { peakDb: -20 } },
    ]);
  });

  it('reports FINISH with the checks that failed, then moves on only when asked', async () => {
    await settleStep('system', 'START', passed());
    await settleStep('system', 'MICROPHONE', failed('mic.silent', 'mic.fix.unmute'));
    await finishFlow('system');
    expect(reports().at(-1)).toEqual({
      flow: 'system',
      step: 'FINISH',
      status: 'failed',
      details: { failed: 'MICROPHONE', failedCount: 1 },
    });
    expect(useAppStore.getState().phase).toBe('system');
  });

  it('opens the identity check with the policy’s steps after the system check', async () => {
    await proceedAfterFinish('system');
    expect(useAppStore.getState().phase).toBe('identity');
    expect(useChecksStore.getState().flows.identity?.plan).toEqual(['START', 'FACE_PHOTO', 'ID_CARD', 'FINISH']);
    expect(reports().at(-1)).toMatchObject({ flow: 'identity', step: 'START', status: 'started' });
  });

  it('shows a readable error when the service cannot be told', async () => {
    failNext = true;
    await enterStep('system', 'MICROPHONE');
    expect(useAppStore.getState().error).toEqual({
      key: 'error.bridge',
      params: { message: 'The session is stopped' },
    });
  });

  it('says the session has ended instead of showing a refused call, once the service has stopped it', async () => {
    sessionState = 'stopped';
    failNext = true;
    await settleStep('system', 'MICROPHONE', failed('mic.silent', 'mic.fix.unmute'));
    expect(useAppStore.getState().error).toBeNull();
    expect(useAppStore.getState().sessionEnded).toEqual({
      state: 'stopped',
      reason: '1 critical incident: IDENTITY_MISMATCH',
    });
  });
});
