/**
 * A FaceAnalyzer for service tests that are about the score and the state table, not about faces:
 * it knows which fixture photo shows whom (by the bytes' hash) and gives every photo of a person
 * the same one-hot embedding, so a check passes or fails for certain. The real analyzer is tested
 * in test/server/face-*.test.ts and in the end-to-end journey.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { fixturePath } from './fixtures';

const PEOPLE = {
  a: ['person-a-enrol.jpg', 'person-a-second.jpg', 'person-a-id-card.jpg'],
  b: ['person-b-enrol.jpg', 'person-b-second.jpg'],
} as const;

export type FakePerson = keyof typeof PEOPLE;

const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function faceSnapshot(person: FakePerson, index = 0): string {
  return readFileSync(fixturePath(`faces/${PEOPLE[person][index % PEOPLE[person].length]}`)).toString('base64');
}

export function fakeFaceAnalyzer(): FaceAnalyzer {
  const embeddings = new Map<string, number[]>();
  (Object.keys(PEOPLE) as FakePerson[]).forEach((person, index) => {
    const embedding = Object.keys(PEOPLE).map((_, position) => (position === index ? 1 : 0));
    for (const file of PEOPLE[person]) embeddings.set(hash(readFileSync(fixturePath(`faces/${file}`))), embedding);
  });
  return {
    async describe(images) {
      return images.map((image) => {
        const embedding = embeddings.get(hash(image)) ?? null;
        return { faces: embedding ? 1 : 0, embedding };
      });
    },
    similarity: (a, b) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0),
  };
}
