/**
 * Fake-camera videos the fixtures do not have, derived from them in pure JavaScript (jpeg-js):
 * - a head turn: person A never turns in person-a.mjpeg, so the liveness challenge could not pass;
 *   here the face region is rotated on a cylinder (left, centre, right, centre every 6 s), which
 *   Human's mesh reads as a yaw of about ±12°;
 * - a still: one frame of person A repeated, a photo held to the camera.
 * Files are cached in the temp dir; Chromium plays MJPEG at 30 fps and loops it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { fixturePath } from './fixtures';

const FPS = 30;
const VERSION = 1;

/** Splits an MJPEG stream into its JPEG frames (each starts with SOI FF D8 FF). */
export function splitMjpeg(bytes: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff) starts.push(i);
  }
  return starts.map((start, index) => bytes.subarray(start, starts[index + 1] ?? bytes.length));
}

export interface HeadTurnGeometry {
  centreX: number;
  centreY: number;
  /** Half-width of the face cylinder and half-height of the warped band, in pixels. */
  radius: number;
  halfHeight: number;
}

/** Where person A's face sits in person-a.mjpeg (Human's box centre, measured: x 319–326, y 286–291). */
const PERSON_A_FACE: HeadTurnGeometry = { centreX: 324, centreY: 288, radius: 125, halfHeight: 160 };

/**
 * Turns the face by `degrees` (positive: towards the image's right, which is the subject's left):
 * each row of the face band is treated as a cylinder and re-projected. Rows fade out towards the
 * band's top and bottom so the neck and hair bend smoothly.
 */
export function turnFace(
  rgba: Uint8Array,
  width: number,
  height: number,
  degrees: number,
  face: HeadTurnGeometry,
): Uint8Array {
  const out = new Uint8Array(rgba);
  const theta = (degrees * Math.PI) / 180;
  for (let y = Math.max(0, face.centreY - face.halfHeight); y < Math.min(height, face.centreY + face.halfHeight); y++) {
    const rowTheta = theta * Math.cos((Math.PI / 2) * Math.min(Math.abs(y - face.centreY) / face.halfHeight, 1));
    for (let x = Math.max(0, face.centreX - face.radius + 1); x < Math.min(width, face.centreX + face.radius); x++) {
      const u = (x - face.centreX) / face.radius;
      const angle = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, Math.asin(u) - rowTheta));
      const sourceX = Math.max(0, Math.min(width - 1.001, face.centreX + face.radius * Math.sin(angle)));
      const left = Math.floor(sourceX);
      const weight = sourceX - left;
      const target = (y * width + x) * 4;
      const a = (y * width + left) * 4;
      const b = a + 4;
      for (let channel = 0; channel < 3; channel++) {
        out[target + channel] = Math.round(rgba[a + channel]! * (1 - weight) + rgba[b + channel]! * weight);
      }
    }
  }
  return out;
}

/** Degrees of turn at time t: centre, left bump at 2 s, centre, right bump at 5 s, in a 6 s cycle. */
export function headTurnDegrees(seconds: number, peakDegrees: number): number {
  const phase = seconds % 6;
  const bump = (centre: number) => Math.max(0, Math.min(1, (0.65 - Math.abs(phase - centre)) / 0.4));
  return peakDegrees * (bump(2) - bump(5));
}

function cached(name: string, build: () => Uint8Array): string {
  const path = join(tmpdir(), `vigil-e2e-${name}-v${VERSION}.mjpeg`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, build());
    renameSync(partial, path);
  }
  return path;
}

function concat(frames: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((sum, frame) => sum + frame.length, 0));
  let offset = 0;
  for (const frame of frames) {
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

/** person-a.mjpeg's first 6 s with the head turning left and right once each. */
export function headTurnVideo(peakDegrees = 55): string {
  return cached(`head-turn-${peakDegrees}`, () => {
    const frames = splitMjpeg(readFileSync(fixturePath('camera/person-a.mjpeg'))).slice(0, 6 * FPS);
    return concat(
      frames.map((frame, index) => {
        const image = jpeg.decode(frame, { useTArray: true, formatAsRGBA: true });
        const turned = turnFace(
          image.data,
          image.width,
          image.height,
          headTurnDegrees(index / FPS, peakDegrees),
          PERSON_A_FACE,
        );
        return new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: turned }, 88).data);
      }),
    );
  });
}

/** One frame of person A, repeated: a photo held still in front of the camera. */
export function stillPhotoVideo(): string {
  return cached('still-person-a', () => {
    const frame = splitMjpeg(readFileSync(fixturePath('camera/person-a.mjpeg')))[60];
    if (!frame) throw new Error('person-a.mjpeg is shorter than expected');
    return concat(Array.from({ length: 2 * FPS }, () => frame));
  });
}
