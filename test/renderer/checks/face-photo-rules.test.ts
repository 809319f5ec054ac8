import { describe, expect, it } from 'vitest';
import { ENROLMENT_FRAME_COUNT } from '../../../shared/face/face-thresholds';
import { averageEmbeddings } from '../../../shared/face/embedding-math';
import {
  assessFaceFrame,
  collectEnrolmentFrame,
  enrolmentComplete,
  enrolmentEmbedding,
  evaluateFacePhoto,
  keptEnrolment,
  restingYaw,
  type EnrolmentFrame,
} from '../../../renderer/checks/face-photo-rules';
import { passed, failed } from '../../../renderer/checks/check-result';
import { faceObservation, frameAnalysis } from '../../support/renderer-face-analysis';

describe('assessFaceFrame', () => {
  it('accepts one large, frontal, lit and sharp face', () => {
    const assessment = assessFaceFrame(frameAnalysis([faceObservation()]));
    expect(assessment.good).toBe(true);
    expect(assessment.guidance).toBe('face.holdStill');
  });

  it.each([
    ['no face', [], 'face.noFace'],
    [
      'two faces',
      [faceObservation(), faceObservation({ box: { x: 10, y: 10, width: 200, height: 200 } })],
      'face.onlyYou',
    ],
    ['a small face', [faceObservation({ box: { x: 300, y: 200, width: 120, height: 120 } })], 'face.moveCloser'],
    [
      'a turned head',
      [faceObservation({ angles: { yawDegrees: 25, pitchDegrees: 0, rollDegrees: 0 } })],
      'face.faceCamera',
    ],
    [
      'a tilted head',
      [faceObservation({ angles: { yawDegrees: 0, pitchDegrees: 0, rollDegrees: -30 } })],
      'face.faceCamera',
    ],
    ['no mesh angles', [faceObservation({ angles: null })], 'face.faceCamera'],
    ['a dark face', [faceObservation({ luma: 33 })], 'face.moreLight'],
    ['a blown-out face', [faceObservation({ luma: 240 })], 'face.lessLight'],
    ['a blurred face', [faceObservation({ sharpness: 16 })], 'face.holdStillBlurry'],
    ['no embedding', [faceObservation({ embedding: null })], 'face.faceCamera'],
  ])('rejects %s with the right guidance', (_name, faces, guidance) => {
    const assessment = assessFaceFrame(frameAnalysis(faces));
    expect(assessment.good).toBe(false);
    expect(assessment.guidance).toBe(guidance);
  });

  it('says "only you" before "move closer" when a second person is in view', () => {
    const small = faceObservation({ box: { x: 0, y: 0, width: 50, height: 50 } });
    expect(assessFaceFrame(frameAnalysis([small, small])).guidance).toBe('face.onlyYou');
  });
});

describe('enrolment', () => {
  const frame = (embedding: number[], yawDegrees = 0): EnrolmentFrame => ({
    embedding,
    yawDegrees,
    snapshot: new Uint8Array([1]),
  });

  it('collects up to the enrolment frame count and no more', () => {
    let frames: EnrolmentFrame[] = [];
    for (let i = 0; i < ENROLMENT_FRAME_COUNT + 3; i++) frames = collectEnrolmentFrame(frames, frame([i, 1]));
    expect(frames).toHaveLength(ENROLMENT_FRAME_COUNT);
    expect(enrolmentComplete(frames)).toBe(true);
    expect(enrolmentComplete(frames.slice(1))).toBe(false);
  });

  it('averages with the shared math', () => {
    const frames = [frame([3, 4]), frame([4, 3])];
    expect(enrolmentEmbedding(frames)).toEqual(
      averageEmbeddings([
        [3, 4],
        [4, 3],
      ]),
    );
  });

  it('takes the median yaw as the resting yaw, ignoring an outlier', () => {
    expect(restingYaw([frame([1], -3), frame([1], -2), frame([1], 14), frame([1], -4), frame([1], -3)])).toBe(-3);
    expect(restingYaw([frame([1], -2), frame([1], -4)])).toBe(-3);
    expect(restingYaw([])).toBe(0);
  });
});

describe('evaluateFacePhoto', () => {
  const enrolled = { enrolled: true, usableSnapshots: 6, referenceSimilarity: 0.9, referenceMatched: true };
  const alive = passed({ challenge: 'turn-left', peakYawDegrees: 12 });

  it('passes when enrolled, matching the reference, alive and verified by the service', () => {
    const outcome = evaluateFacePhoto({
      enrolment: enrolled,
      hasFacePhoto: true,
      liveness: alive,
      liveVerified: { passed: true, agreed: true },
    });
    expect(outcome.verdict).toBe('passed');
    expect(outcome.details).toMatchObject({ referenceSimilarity: 0.9, challenge: 'turn-left' });
  });

  it('fails on a reference mismatch before any liveness check', () => {
    const outcome = evaluateFacePhoto({
      enrolment: { ...enrolled, referenceSimilarity: 0.31, referenceMatched: false },
      hasFacePhoto: true,
      liveness: null,
      liveVerified: null,
    });
    expect(outcome).toMatchObject({ verdict: 'failed', reason: 'face.referenceMismatch', fix: 'face.fix.contact' });
  });

  it('does not need a reference match when the institution supplied no photo', () => {
    const outcome = evaluateFacePhoto({
      enrolment: { ...enrolled, referenceSimilarity: null, referenceMatched: null },
      hasFacePhoto: false,
      liveness: alive,
      liveVerified: { passed: true, agreed: true },
    });
    expect(outcome.verdict).toBe('passed');
  });

  it('fails when the institution photo could not be used', () => {
    const outcome = evaluateFacePhoto({
      enrolment: { ...enrolled, referenceSimilarity: null, referenceMatched: null },
      hasFacePhoto: true,
      liveness: null,
      liveVerified: null,
    });
    expect(outcome.reason).toBe('face.referenceUnusable');
  });

  it('carries the liveness failure through', () => {
    const outcome = evaluateFacePhoto({
      enrolment: enrolled,
      hasFacePhoto: true,
      liveness: failed('liveness.noTurn', 'liveness.fix.turn', { peakYawDegrees: 0.4 }),
      liveVerified: null,
    });
    expect(outcome).toMatchObject({
      verdict: 'failed',
      reason: 'liveness.noTurn',
      details: { peakYawDegrees: 0.4, usableSnapshots: 6 },
    });
  });

  it('fails when the service does not confirm the live frames', () => {
    const outcome = evaluateFacePhoto({
      enrolment: enrolled,
      hasFacePhoto: true,
      liveness: alive,
      liveVerified: { passed: false, agreed: false },
    });
    expect(outcome).toMatchObject({ verdict: 'failed', reason: 'face.liveMismatch', details: { agreed: false } });
  });

  it('waits while steps are outstanding', () => {
    expect(evaluateFacePhoto({ enrolment: null, hasFacePhoto: true, liveness: null, liveVerified: null }).verdict).toBe(
      'pending',
    );
    expect(
      evaluateFacePhoto({ enrolment: enrolled, hasFacePhoto: true, liveness: alive, liveVerified: null }).reason,
    ).toBe('face.verifying');
    expect(
      evaluateFacePhoto({
        enrolment: { ...enrolled, enrolled: false },
        hasFacePhoto: true,
        liveness: null,
        liveVerified: null,
      }).reason,
    ).toBe('face.enrolFailed');
  });
});

describe('keptEnrolment: a renderer restarted during the checks meets the enrolment the service kept', () => {
  it('goes on as enrolled after a 409 conflict, on to the challenge', () => {
    const kept = keptEnrolment({ code: 'conflict', message: 'This session is already enrolled' }, 6);
    expect(kept).toEqual({ enrolled: true, usableSnapshots: 6, referenceSimilarity: null, referenceMatched: true });
    expect(evaluateFacePhoto({ enrolment: kept, hasFacePhoto: true, liveness: null, liveVerified: null }).reason).toBe(
      'liveness.intro',
    );
  });

  it('leaves every other failure a failure', () => {
    expect(keptEnrolment({ code: 'invalid_state' }, 6)).toBeNull();
    expect(keptEnrolment(new Error('offline'), 6)).toBeNull();
  });
});
