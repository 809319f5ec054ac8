/**
 * The active liveness challenge. Human's antispoof and liveness scores pass a photo held to the camera
 * (the ID-card still scores real 0.68, live 1.00), so the candidate must also turn the head to a side
 * chosen at random, and back, within a time limit. Measured from the face mesh's yaw, relative to the
 * candidate's resting yaw: a still image does not move and fails.
 */
import { LIVENESS_TURN_DEGREES } from '../../shared/face/face-thresholds';
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const LIVENESS_RULES = {
  /**
   * Yaw change towards the requested side that counts as a turn. Human's mesh yaw understates real
   * turns: a 45° turn simulated by a cylindrical warp of the fixture face reads as ~12°, and a photo
   * tilted by perspective moves it by under 2°.
   */
  turnDegrees: LIVENESS_TURN_DEGREES,
  /** Back to within this of the resting yaw counts as "back". */
  centreDegrees: 5,
  timeLimitMs: 8_000,
} as const;

/** The candidate's own left or right (the preview is mirrored, so it is also the screen's left or right). */
export type TurnSide = 'left' | 'right';

/**
 * Sign of Human's yaw when the candidate turns to their own left: negative. Determined on the fixture
 * face by shifting the nose towards the image's right (the subject's left), which made yaw fall.
 */
const YAW_SIGN_OF_CANDIDATE_LEFT = -1;

export function pickSide(random: () => number): TurnSide {
  return random() < 0.5 ? 'left' : 'right';
}

/** How far the head is turned towards `side` (positive) given a yaw and the resting yaw. */
export function turnTowards(side: TurnSide, yawDegrees: number, restingYawDegrees: number): number {
  const towardsLeft = (yawDegrees - restingYawDegrees) * YAW_SIGN_OF_CANDIDATE_LEFT;
  return side === 'left' ? towardsLeft : -towardsLeft;
}

export type ChallengePhase = 'turn' | 'return' | 'passed' | 'failed';

export interface ChallengeState {
  side: TurnSide;
  restingYawDegrees: number;
  startedAtMs: number;
  phase: ChallengePhase;
  /** Largest turn towards the requested side so far. */
  peakTurnDegrees: number;
  /** Largest turn the other way (people mix up left and right; recorded, not held against them). */
  wrongWayDegrees: number;
  samples: number;
  samplesWithoutOneFace: number;
  failure: 'timeout-no-turn' | 'timeout-no-return' | null;
}

export function startChallenge(side: TurnSide, restingYawDegrees: number, nowMs: number): ChallengeState {
  return {
    side,
    restingYawDegrees,
    startedAtMs: nowMs,
    phase: 'turn',
    peakTurnDegrees: 0,
    wrongWayDegrees: 0,
    samples: 0,
    samplesWithoutOneFace: 0,
    failure: null,
  };
}

export interface PoseSample {
  atMs: number;
  faceCount: number;
  /** Yaw of the only face; null when there is not exactly one face. */
  yawDegrees: number | null;
}

export function addPoseSample(state: ChallengeState, sample: PoseSample): ChallengeState {
  if (state.phase === 'passed' || state.phase === 'failed') return state;
  const next: ChallengeState = { ...state, samples: state.samples + 1 };
  if (sample.atMs - state.startedAtMs > LIVENESS_RULES.timeLimitMs) {
    return { ...next, phase: 'failed', failure: state.phase === 'turn' ? 'timeout-no-turn' : 'timeout-no-return' };
  }
  if (sample.faceCount !== 1 || sample.yawDegrees === null) {
    return { ...next, samplesWithoutOneFace: state.samplesWithoutOneFace + 1 };
  }
  const turn = turnTowards(state.side, sample.yawDegrees, state.restingYawDegrees);
  next.peakTurnDegrees = Math.max(state.peakTurnDegrees, turn);
  next.wrongWayDegrees = Math.max(state.wrongWayDegrees, -turn);
  if (state.phase === 'turn' && turn >= LIVENESS_RULES.turnDegrees) next.phase = 'return';
  else if (state.phase === 'return' && Math.abs(turn) <= LIVENESS_RULES.centreDegrees) next.phase = 'passed';
  return next;
}

/** Fails a challenge that is still running once its time is up, even if no frame arrived (a frozen camera). */
export function expireChallenge(state: ChallengeState, nowMs: number): ChallengeState {
  if (state.phase === 'passed' || state.phase === 'failed') return state;
  if (nowMs - state.startedAtMs <= LIVENESS_RULES.timeLimitMs) return state;
  return { ...state, phase: 'failed', failure: state.phase === 'turn' ? 'timeout-no-turn' : 'timeout-no-return' };
}

export function evaluateChallenge(state: ChallengeState | null): CheckOutcome {
  if (!state) return pending('liveness.intro');
  const details = {
    challenge: state.side === 'left' ? 'turn-left' : 'turn-right',
    peakYawDegrees: Math.round(state.peakTurnDegrees * 10) / 10,
    wrongWayDegrees: Math.round(state.wrongWayDegrees * 10) / 10,
    samples: state.samples,
  };
  if (state.phase === 'passed') return passed(details);
  if (state.phase === 'failed') {
    return state.failure === 'timeout-no-return'
      ? failed('liveness.noReturn', 'liveness.fix.turnBack', details)
      : failed('liveness.noTurn', 'liveness.fix.turn', details);
  }
  if (state.phase === 'return') return pending('liveness.nowBack', details);
  return pending(state.side === 'left' ? 'liveness.turnLeft' : 'liveness.turnRight', details);
}
