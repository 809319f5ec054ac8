/** Embedding arithmetic both ends must do identically: counting faces and averaging an enrolment. */
import { FACE_BOX_SCORE_MIN } from './face-thresholds';

export type Embedding = readonly number[];

/** Faces whose detector box score reaches the threshold (weaker boxes are noise, not people). */
export function countFaces(boxScores: readonly number[], minBoxScore = FACE_BOX_SCORE_MIN): number {
  return boxScores.filter((score) => score >= minBoxScore).length;
}

export function vectorLength(vector: Embedding): number {
  let sum = 0;
  for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}

/**
 * The mean of several embeddings, rescaled to the average length of a single embedding.
 * A plain mean is shorter than its parts (the parts point in slightly different directions), and
 * Human's similarity is distance-based, so a short mean sits closer to everyone: impostor scores rise.
 * Rescaling keeps the mean's direction (the averaged identity) at the length the similarity expects.
 */
export function averageEmbeddings(embeddings: readonly Embedding[]): number[] {
  const first = embeddings[0];
  if (!first) throw new Error('averageEmbeddings needs at least one embedding');
  const dimensions = first.length;
  if (embeddings.some((embedding) => embedding.length !== dimensions)) {
    throw new Error('averageEmbeddings: embeddings differ in length');
  }
  const mean = new Array<number>(dimensions).fill(0);
  for (const embedding of embeddings) {
    for (let i = 0; i < dimensions; i++) mean[i]! += embedding[i]! / embeddings.length;
  }
  const targetLength = embeddings.reduce((sum, embedding) => sum + vectorLength(embedding), 0) / embeddings.length;
  const meanLength = vectorLength(mean);
  if (meanLength === 0) return mean;
  return mean.map((value) => (value * targetLength) / meanLength);
}
