/**
 * The service's face recompute with the real models (Human's Node wasm build) on the shared fixtures.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { averageEmbeddings } from '../../shared/face/embedding-math';
import { DEFAULT_FACE_MATCH_THRESHOLD } from '../../shared/face/face-thresholds';
import { createFaceAnalyzer } from '../../server/face/face-analyzer';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { decodeToRgb } from '../../server/face/image-decoding';
import { fixturePath } from '../support/fixtures';

const face = (name: string) => new Uint8Array(readFileSync(fixturePath(`faces/${name}`)));

let analyzer: FaceAnalyzer;
const embeddings = new Map<string, number[]>();

beforeAll(async () => {
  analyzer = await createFaceAnalyzer();
  const names = [
    'person-a-enrol.jpg',
    'person-a-second.jpg',
    'person-a-id-card.jpg',
    'person-b-enrol.jpg',
    'person-b-second.jpg',
    'person-c-astronaut.png',
  ];
  const described = await analyzer.describe(names.map(face));
  described.forEach((description, index) => {
    expect(description.faces).toBe(1);
    embeddings.set(names[index]!, description.embedding!);
  });
}, 120_000);

const similarity = (a: string, b: string) => analyzer.similarity(embeddings.get(a)!, embeddings.get(b)!);

describe('face analyzer (Human, Node wasm)', () => {
  it('matches person A with another frame of A and with A on the ID card', () => {
    expect(similarity('person-a-enrol.jpg', 'person-a-second.jpg')).toBeGreaterThanOrEqual(
      DEFAULT_FACE_MATCH_THRESHOLD,
    );
    expect(similarity('person-a-enrol.jpg', 'person-a-id-card.jpg')).toBeGreaterThanOrEqual(
      DEFAULT_FACE_MATCH_THRESHOLD,
    );
    expect(similarity('person-b-enrol.jpg', 'person-b-second.jpg')).toBeGreaterThanOrEqual(
      DEFAULT_FACE_MATCH_THRESHOLD,
    );
  });

  it('does not match A with B or with the astronaut', () => {
    expect(similarity('person-a-enrol.jpg', 'person-b-enrol.jpg')).toBeLessThan(DEFAULT_FACE_MATCH_THRESHOLD);
    expect(similarity('person-a-enrol.jpg', 'person-b-second.jpg')).toBeLessThan(DEFAULT_FACE_MATCH_THRESHOLD);
    expect(similarity('person-a-enrol.jpg', 'person-c-astronaut.png')).toBeLessThan(DEFAULT_FACE_MATCH_THRESHOLD);
  });

  it('keeps the gap with an averaged enrolment', () => {
    const enrolment = averageEmbeddings([
      embeddings.get('person-a-enrol.jpg')!,
      embeddings.get('person-a-second.jpg')!,
    ]);
    expect(analyzer.similarity(enrolment, embeddings.get('person-a-id-card.jpg')!)).toBeGreaterThanOrEqual(
      DEFAULT_FACE_MATCH_THRESHOLD,
    );
    expect(analyzer.similarity(enrolment, embeddings.get('person-b-second.jpg')!)).toBeLessThan(
      DEFAULT_FACE_MATCH_THRESHOLD,
    );
  });

  it('counts three faces in a group photo and gives no embedding', async () => {
    const [group] = await analyzer.describe([face('three-faces.jpg')]);
    expect(group).toEqual({ faces: 3, embedding: null });
  });

  it('finds no face in the coffee and the cat', async () => {
    const described = await analyzer.describe([face('no-face-coffee.png'), face('no-face-cat.png')]);
    expect(described).toEqual([
      { faces: 0, embedding: null },
      { faces: 0, embedding: null },
    ]);
  });

  it('treats bytes that are not an image as no face instead of failing', async () => {
    const [garbage] = await analyzer.describe([new TextEncoder().encode('not an image at all')]);
    expect(garbage).toEqual({ faces: 0, embedding: null });
  });

  it('gives the same embedding for the same image, called concurrently', async () => {
    const [first, second] = await Promise.all([
      analyzer.describe([face('person-a-second.jpg')]),
      analyzer.describe([face('person-a-second.jpg')]),
    ]);
    expect(first[0]!.embedding).toEqual(second[0]!.embedding);
  });
});

describe('image decoding', () => {
  it('decodes JPEG and PNG to packed RGB', () => {
    const jpg = decodeToRgb(face('person-a-enrol.jpg'));
    expect([jpg.width, jpg.height, jpg.data.length]).toEqual([400, 300, 400 * 300 * 3]);
    const png = decodeToRgb(face('no-face-cat.png'));
    expect(png.data.length).toBe(png.width * png.height * 3);
  });

  it('keeps colour order (a red pixel stays red)', () => {
    const image = new PNG({ width: 1, height: 1 });
    image.data.set([200, 10, 20, 255]);
    expect([...decodeToRgb(new Uint8Array(PNG.sync.write(image))).data]).toEqual([200, 10, 20]);
    const encoded = jpeg.encode(
      { width: 8, height: 8, data: Buffer.alloc(8 * 8 * 4, Buffer.from([250, 0, 0, 255])) },
      100,
    ).data;
    const [r, g, b] = decodeToRgb(new Uint8Array(encoded)).data;
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(40);
    expect(b).toBeLessThan(40);
  });

  it('refuses a PNG that claims to be enormous before allocating it', () => {
    const image = new PNG({ width: 1, height: 1 });
    const bytes = new Uint8Array(PNG.sync.write(image));
    new DataView(bytes.buffer).setUint32(16, 50_000);
    new DataView(bytes.buffer).setUint32(20, 50_000);
    expect(() => decodeToRgb(bytes)).toThrow(/too large/);
  });
});
