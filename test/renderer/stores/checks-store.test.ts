import { beforeEach, describe, expect, it } from 'vitest';
import { failed, passed, pending } from '../../../renderer/checks/check-result';
import {
  beginFlow,
  currentStep,
  initialChecksState,
  markReported,
  moveTo,
  retryFailed,
  setOutcome,
  statusToReport,
  useChecksStore,
} from '../../../renderer/stores/checks-store';

const plan = ['START', 'MICROPHONE', 'SPEAKERS', 'WEB_CAM', 'FINISH'] as const;

beforeEach(() => {
  useChecksStore.setState({ ...initialChecksState });
  beginFlow('system', [...plan]);
});

describe('checks store', () => {
  it('starts a flow at its first step', () => {
    expect(useChecksStore.getState().flow).toBe('system');
    expect(currentStep()).toBe('START');
  });

  it('counts visits so a step opened again starts fresh', () => {
    moveTo('system', 'SPEAKERS');
    moveTo('system', 'MICROPHONE');
    moveTo('system', 'SPEAKERS');
    expect(currentStep()).toBe('SPEAKERS');
    expect(useChecksStore.getState().flows.system?.visits).toEqual({ SPEAKERS: 2, MICROPHONE: 1 });
  });

  it('ignores a step outside the plan', () => {
    moveTo('system', 'ROOM_CHECK');
    expect(currentStep()).toBe('START');
  });

  it('reports each status of a step once', () => {
    expect(statusToReport('system', 'MICROPHONE', 'started')).toBe('started');
    markReported('system', 'MICROPHONE', 'started');
    expect(statusToReport('system', 'MICROPHONE', 'started')).toBeNull();
    expect(statusToReport('system', 'MICROPHONE', 'failed')).toBe('failed');
    markReported('system', 'MICROPHONE', 'failed');
    // After a retry the same step may report again: started, then its new verdict.
    expect(statusToReport('system', 'MICROPHONE', 'started')).toBe('started');
  });

  it('runs the failed and unfinished steps again from the first of them', () => {
    setOutcome('system', 'START', passed());
    setOutcome('system', 'MICROPHONE', passed());
    setOutcome('system', 'SPEAKERS', failed('speakers.wrongTooOften', 'speakers.fix.volume'));
    setOutcome('system', 'WEB_CAM', pending('cam.measuring'));
    setOutcome('system', 'FINISH', failed('speakers.wrongTooOften', null));
    moveTo('system', 'FINISH');
    expect(retryFailed('system')).toBe('SPEAKERS');
    const state = useChecksStore.getState().flows.system!;
    expect(Object.keys(state.outcomes).sort()).toEqual(['MICROPHONE', 'START']);
    expect(state.plan[state.index]).toBe('SPEAKERS');
  });

  it('keeps the flows apart', () => {
    setOutcome('system', 'MICROPHONE', passed());
    beginFlow('identity', ['START', 'FACE_PHOTO', 'FINISH']);
    expect(currentStep()).toBe('START');
    expect(useChecksStore.getState().flows.system?.outcomes.MICROPHONE?.verdict).toBe('passed');
    expect(useChecksStore.getState().flows.identity?.outcomes).toEqual({});
  });
});
