import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { averageEmbeddings, countFaces, vectorLength } from '../../../shared/face/embedding-math';
import { FACE_BOX_SCORE_MIN } from '../../../shared/face/face-thresholds';

describe('shared face math', () => {
  it('counts faces at or above the box-score threshold only', () => {
    expect(countFaces([0.87, 0.3])).toBe(1);
    expect(countFaces([0.9, 0.85, FACE_BOX_SCORE_MIN])).toBe(3);
    expect(countFaces([])).toBe(0);
  });

  it('rescales the mean embedding to the average single length', () => {
    const mean = averageEmbeddings([
      [10, 0],
      [0, 10],
    ]);
    expect(vectorLength(mean)).toBeCloseTo(10);
    expect(mean[0]).toBeCloseTo(mean[1]!);
  });

  it('keeps the mean direction and length for any set of embeddings', () => {
    const embedding = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(embedding, { minLength: 1, maxLength: 6 }), (embeddings) => {
        const plainMean = embeddings[0]!.map(
          (_, i) => embeddings.reduce((sum, e) => sum + e[i]!, 0) / embeddings.length,
        );
        // A mean of (almost) zero has no direction to keep: such a case is discarded, not counted as
        // a pass (fast-check fails the run if too many are discarded). The next test pins it down.
        fc.pre(vectorLength(plainMean) >= 1e-9);
        const averaged = averageEmbeddings(embeddings);
        const expectedLength = embeddings.reduce((sum, e) => sum + vectorLength(e), 0) / embeddings.length;
        expect(vectorLength(averaged)).toBeCloseTo(expectedLength, 6);
        // Same direction: the cosine between the rescaled and the plain mean is 1.
        const dot = averaged.reduce((sum, value, i) => sum + value * plainMean[i]!, 0);
        expect(dot / (vectorLength(averaged) * vectorLength(plainMean))).toBeCloseTo(1, 6);
      }),
    );
  });

  it('gives the zero vector back when the embeddings cancel out (no direction to rescale)', () => {
    expect(
      averageEmbeddings([
        [1, -2],
        [-1, 2],
      ]),
    ).toEqual([0, 0]);
  });

  it('refuses nothing to average and mixed lengths', () => {
    expect(() => averageEmbeddings([])).toThrow();
    expect(() => averageEmbeddings([[1, 2], [1]])).toThrow();
  });
});
