import { beforeEach, describe, expect, it } from 'vitest';
import { ENROLMENT_FRAME_COUNT } from '../../../shared/face/face-thresholds';
import { averageEmbeddings } from '../../../shared/face/embedding-math';
import { LIVENESS_RULES } from '../../../renderer/checks/liveness-rules';
import {
  addCardFrame,
  addChallengeSample,
  addEnrolmentFrame,
  addLiveFrame,
  beginChallenge,
  beginLiveVerification,
  expireChallengeAt,
  initialIdentityState,
  resetCard,
  resetFacePhoto,
  setEngineStatus,
  setGuidance,
  useIdentityStore,
} from '../../../renderer/stores/identity-store';
import { announce, useAnnouncerStore } from '../../../renderer/stores/announcer-store';

const frame = (i: number, yawDegrees = -3) => ({
  embedding: [i + 1, 10 - i, 3],
  yawDegrees,
  snapshot: new Uint8Array([0xff, 0xd8, i]),
});

beforeEach(() => {
  useIdentityStore.setState({ ...initialIdentityState });
});

describe('identity store', () => {
  it('computes the enrolment and the resting yaw once enough frames are in', () => {
    for (let i = 0; i < ENROLMENT_FRAME_COUNT - 1; i++)
      expect(addEnrolmentFrame(frame(i, i === 2 ? 14 : -3))).toBe(false);
    expect(useIdentityStore.getState().enrolment).toBeNull();
    expect(addEnrolmentFrame(frame(ENROLMENT_FRAME_COUNT - 1))).toBe(true);
    const state = useIdentityStore.getState();
    expect(state.enrolment).toEqual(averageEmbeddings(state.enrolmentFrames.map((f) => f.embedding)));
    expect(state.restingYawDegrees).toBe(-3);
  });

  it('starts a challenge from the resting yaw and counts attempts', () => {
    for (let i = 0; i < ENROLMENT_FRAME_COUNT; i++) addEnrolmentFrame(frame(i, -4));
    beginChallenge('right', 1000);
    expect(useIdentityStore.getState().challenge).toMatchObject({
      side: 'right',
      restingYawDegrees: -4,
      startedAtMs: 1000,
    });
    expect(addChallengeSample({ atMs: 1200, faceCount: 1, yawDegrees: 8 })?.phase).toBe('return');
    expect(addChallengeSample({ atMs: 1400, faceCount: 1, yawDegrees: -3 })?.phase).toBe('passed');
    beginChallenge('left', 5000);
    expect(useIdentityStore.getState().challengeAttempts).toBe(2);
    expect(expireChallengeAt(5000 + LIVENESS_RULES.timeLimitMs + 1)?.phase).toBe('failed');
  });

  it('does nothing with samples when no challenge runs', () => {
    expect(addChallengeSample({ atMs: 1, faceCount: 1, yawDegrees: 0 })).toBeNull();
    expect(expireChallengeAt(1)).toBeNull();
  });

  it('starts FACE_PHOTO over but keeps the loaded engine', () => {
    const backend = { requested: 'wasm', actual: 'wasm', fellBack: false, simd: true, threads: false } as const;
    setEngineStatus({ state: 'ready', backend });
    addEnrolmentFrame(frame(0));
    setGuidance('face.moveCloser');
    resetFacePhoto();
    const state = useIdentityStore.getState();
    expect(state.enrolmentFrames).toEqual([]);
    expect(state.guidance).toBeNull();
    expect(state.engine).toEqual({ state: 'ready', backend });
  });

  it('collects the card frames it needs and resets them', () => {
    expect(addCardFrame(frame(0), 2)).toBe(false);
    expect(addCardFrame(frame(1), 2)).toBe(true);
    expect(addCardFrame(frame(2), 2)).toBe(true);
    expect(useIdentityStore.getState().cardFrames).toHaveLength(2);
    resetCard(1234);
    expect(useIdentityStore.getState()).toMatchObject({
      cardFrames: [],
      cardPhase: 'capture',
      cardVerified: null,
      cardStartedAt: 1234,
    });
  });

  it('hands over the live confirmation frames in batches and starts each confirmation empty', () => {
    beginLiveVerification(500);
    expect(useIdentityStore.getState()).toMatchObject({ facePhase: 'verifying', verifyStartedAt: 500, liveFrames: [] });
    expect(addLiveFrame(frame(0), 2)).toBeNull();
    expect(addLiveFrame(frame(1), 2)).toEqual([frame(0), frame(1)]);
    expect(useIdentityStore.getState().liveFrames).toEqual([]);
    expect(addLiveFrame(frame(2), 2)).toBeNull();
    beginLiveVerification(900);
    expect(useIdentityStore.getState()).toMatchObject({ verifyStartedAt: 900, liveFrames: [] });
  });
});

describe('announcer store', () => {
  it('announces changes only', () => {
    announce('Step 2 of 7');
    const first = useAnnouncerStore.getState();
    announce('Step 2 of 7');
    expect(useAnnouncerStore.getState()).toBe(first);
    announce('Failed', 'alert');
    expect(useAnnouncerStore.getState()).toEqual({ status: 'Step 2 of 7', alert: 'Failed' });
  });
});
