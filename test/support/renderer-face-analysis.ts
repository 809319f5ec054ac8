/** Builders for the face worker's results, for tests of the renderer's rules and stores. */
import type { FaceObservation, FrameAnalysis } from '../../renderer/face/face-protocol';

export function faceObservation(overrides: Partial<FaceObservation> = {}): FaceObservation {
  return {
    boxScore: 0.87,
    faceScore: 0.99,
    // A face as Human boxes person A in person-a.mjpeg (640×480).
    box: { x: 202, y: 165, width: 249, height: 249 },
    angles: { yawDegrees: -3, pitchDegrees: -2, rollDegrees: 1.5 },
    embedding: Array.from({ length: 1024 }, (_, i) => Math.sin(i)),
    real: 0.7,
    live: 0.99,
    luma: 124,
    sharpness: 130,
    ...overrides,
  };
}

export function frameAnalysis(faces: FaceObservation[], overrides: Partial<FrameAnalysis> = {}): FrameAnalysis {
  return {
    mode: 'identity',
    width: 640,
    height: 480,
    faces,
    discardedBoxScores: [],
    frameLuma: 128,
    timings: { detectMs: 150, totalMs: 160 },
    snapshot: null,
    ...overrides,
  };
}
