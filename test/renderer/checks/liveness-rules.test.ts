import { describe, expect, it } from 'vitest';
import {
  LIVENESS_RULES,
  addPoseSample,
  evaluateChallenge,
  expireChallenge,
  pickSide,
  startChallenge,
  turnTowards,
  type ChallengeState,
  type TurnSide,
} from '../../../renderer/checks/liveness-rules';

const RESTING = -3;
/** Human's yaw when the candidate is turned `degrees` towards their own left (negative yaw, see the rules). */
const yawTurnedLeft = (degrees: number) => RESTING - degrees;

function run(side: TurnSide, yaws: Array<number | null>, stepMs = 120): ChallengeState {
  let state = startChallenge(side, RESTING, 0);
  yaws.forEach((yaw, index) => {
    state = addPoseSample(state, { atMs: (index + 1) * stepMs, faceCount: yaw === null ? 0 : 1, yawDegrees: yaw });
  });
  return state;
}

describe('head-turn challenge', () => {
  it('passes a turn to the requested side and back', () => {
    const state = run('left', [
      RESTING,
      yawTurnedLeft(4),
      yawTurnedLeft(11),
      yawTurnedLeft(12),
      yawTurnedLeft(6),
      yawTurnedLeft(1),
    ]);
    expect(state.phase).toBe('passed');
    expect(evaluateChallenge(state)).toMatchObject({
      verdict: 'passed',
      details: { challenge: 'turn-left', peakYawDegrees: 12 },
    });
  });

  it('passes a right turn measured with the opposite sign', () => {
    const state = run('right', [RESTING + 2, RESTING + 11, RESTING + 3]);
    expect(state.phase).toBe('passed');
    expect(evaluateChallenge(state).details.challenge).toBe('turn-right');
  });

  it('fails a still image: the yaw never moves', () => {
    const frames = Math.ceil(LIVENESS_RULES.timeLimitMs / 120) + 2;
    const state = run(
      'left',
      Array.from({ length: frames }, () => RESTING),
    );
    expect(state.phase).toBe('failed');
    expect(evaluateChallenge(state)).toMatchObject({
      verdict: 'failed',
      reason: 'liveness.noTurn',
      fix: 'liveness.fix.turn',
    });
  });

  it('fails a turn that never comes back within the time limit', () => {
    const frames = Math.ceil(LIVENESS_RULES.timeLimitMs / 120) + 2;
    const state = run('left', [RESTING, ...Array.from({ length: frames }, () => yawTurnedLeft(15))]);
    expect(evaluateChallenge(state)).toMatchObject({ verdict: 'failed', reason: 'liveness.noReturn' });
  });

  it('does not count a turn to the other side, but records it', () => {
    const state = run('right', [yawTurnedLeft(14), RESTING]);
    expect(state.phase).toBe('turn');
    expect(state.wrongWayDegrees).toBeCloseTo(14);
    expect(evaluateChallenge(state)).toMatchObject({ verdict: 'pending', reason: 'liveness.turnRight' });
  });

  it('ignores frames without exactly one face instead of judging them', () => {
    const state = run('left', [null, null, yawTurnedLeft(12), null, RESTING]);
    expect(state.phase).toBe('passed');
    expect(state.samplesWithoutOneFace).toBe(3);
  });

  it('expires a challenge when frames stop arriving', () => {
    const state = startChallenge('left', RESTING, 1000);
    expect(expireChallenge(state, 1000 + LIVENESS_RULES.timeLimitMs).phase).toBe('turn');
    expect(expireChallenge(state, 1001 + LIVENESS_RULES.timeLimitMs).phase).toBe('failed');
  });

  it('stays decided once passed', () => {
    const done = run('left', [yawTurnedLeft(12), RESTING]);
    const later = addPoseSample(done, { atMs: LIVENESS_RULES.timeLimitMs * 3, faceCount: 0, yawDegrees: null });
    expect(later).toBe(done);
  });

  it('measures the turn relative to the resting yaw', () => {
    expect(turnTowards('left', -13, -3)).toBe(10);
    expect(turnTowards('right', -13, -3)).toBe(-10);
    expect(turnTowards('right', 7, -3)).toBe(10);
  });

  it('picks both sides', () => {
    expect(pickSide(() => 0.1)).toBe('left');
    expect(pickSide(() => 0.9)).toBe('right');
  });
});
