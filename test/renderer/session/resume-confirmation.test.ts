import { describe, expect, it } from 'vitest';
import {
  addConfirmFrame,
  CONFIRM_FRAME_COUNT,
  confirmedReference,
  confirmFailureReason,
  emptyCapture,
} from '../../../renderer/session/resume-confirmation';
import { vectorLength } from '../../../shared/face/embedding-math';
import { faceObservation, frameAnalysis } from '../../support/renderer-face-analysis';

const snapshot = () => new Uint8Array([0xff, 0xd8, 0xff]);
const goodFrame = (embedding?: number[]) =>
  frameAnalysis([faceObservation(embedding ? { embedding } : {})], { snapshot: snapshot() });

describe('the resumed exam confirmation capture', () => {
  it('collects good frames with snapshots until enough are in, then ignores more', () => {
    let capture = emptyCapture;
    for (let i = 0; i < CONFIRM_FRAME_COUNT; i += 1) {
      expect(capture.complete).toBe(false);
      capture = addConfirmFrame(capture, goodFrame());
    }
    expect(capture.complete).toBe(true);
    expect(capture.frames).toHaveLength(CONFIRM_FRAME_COUNT);
    expect(addConfirmFrame(capture, goodFrame()).frames).toHaveLength(CONFIRM_FRAME_COUNT);
  });

  it('keeps no frame that the identity check would refuse, and gives its advice', () => {
    const two = addConfirmFrame(
      emptyCapture,
      frameAnalysis([faceObservation(), faceObservation()], { snapshot: snapshot() }),
    );
    expect(two).toMatchObject({ frames: [], guidance: 'face.onlyYou', complete: false });
    const none = addConfirmFrame(two, frameAnalysis([], { snapshot: snapshot() }));
    expect(none.guidance).toBe('face.noFace');
    const dark = addConfirmFrame(none, frameAnalysis([faceObservation({ luma: 20 })], { snapshot: snapshot() }));
    expect(dark).toMatchObject({ frames: [], guidance: 'face.moreLight' });
    // A good face without the JPEG the service needs is not kept either.
    expect(addConfirmFrame(emptyCapture, frameAnalysis([faceObservation()])).frames).toEqual([]);
  });

  it('averages the confirmed frames at the length of a single embedding (shared/face/embedding-math)', () => {
    let capture = emptyCapture;
    capture = addConfirmFrame(capture, goodFrame([2, 0, 0]));
    capture = addConfirmFrame(capture, goodFrame([0, 2, 0]));
    capture = addConfirmFrame(capture, goodFrame([2, 2, 0]));
    const reference = confirmedReference(capture.frames);
    const singleLength = (2 + 2 + Math.hypot(2, 2)) / 3;
    expect(vectorLength(reference)).toBeCloseTo(singleLength, 6);
    expect(reference[0]).toBeCloseTo(reference[1]!, 6);
    expect(reference[2]).toBe(0);
  });

  it('explains the service’s refusal: no clear face, or someone else', () => {
    expect(confirmFailureReason({ passed: true, serverSimilarity: 0.8 })).toBeNull();
    expect(confirmFailureReason({ passed: false, serverSimilarity: 0.2 })).toBe('confirm.mismatch');
    expect(confirmFailureReason({ passed: false, serverSimilarity: null })).toBe('confirm.noFace');
  });
});
