/**
 * The typed protocol between the renderer and the face worker (renderer/face/face-worker.ts).
 * Frames travel as transferred ImageBitmaps; results come back as plain, structured-cloneable data.
 */

/**
 * What to run on a frame:
 * - `presence`: detection only (is anyone there, how many);
 * - `pose`: detection + face mesh (head angles for the liveness challenge);
 * - `identity`: detection + mesh + embedding + antispoof/liveness scores.
 */
export type FaceMode = 'presence' | 'pose' | 'identity';
export type FaceBackend = 'wasm' | 'webgl';
/** `vigil`: the identity check's configuration; `human-default`: Human's defaults, for the benchmark's baseline. */
export type FaceProfile = 'vigil' | 'human-default';

export interface FaceWorkerInit {
  type: 'init';
  id: number;
  backend: FaceBackend;
  /** Absolute URLs on the app's own origin (trailing slash). */
  modelBaseUrl: string;
  wasmBaseUrl: string;
  profile: FaceProfile;
  /** A real camera frame to warm the models up with (and to time the backend by). */
  warmupFrame?: ImageBitmap;
}

export interface FaceWorkerAnalyze {
  type: 'analyze';
  id: number;
  mode: FaceMode;
  frame: ImageBitmap;
  /** Also return the frame as JPEG: the snapshot a result was computed from, for the service to recompute. */
  snapshot?: boolean;
}

/** Human's `match.similarity` of one embedding against several (0–1 each). */
export interface FaceWorkerSimilarity {
  type: 'similarity';
  id: number;
  probe: number[];
  references: number[][];
}

export type FaceWorkerRequest = FaceWorkerInit | FaceWorkerAnalyze | FaceWorkerSimilarity;

export interface HeadAngles {
  yawDegrees: number;
  pitchDegrees: number;
  rollDegrees: number;
}

/** One detected face, in frame pixels. */
export interface FaceObservation {
  boxScore: number;
  /** Mesh confidence; null without the mesh. */
  faceScore: number | null;
  box: { x: number; y: number; width: number; height: number };
  angles: HeadAngles | null;
  embedding: number[] | null;
  /** Human's antispoof ("real") and liveness scores, 0–1; null when not run. */
  real: number | null;
  live: number | null;
  /** Mean luminance (0–255) and sharpness (variance of the Laplacian) of the face region. */
  luma: number;
  sharpness: number;
}

export interface FrameAnalysis {
  mode: FaceMode;
  width: number;
  height: number;
  /** Detections at or above the face box-score threshold, largest first. */
  faces: FaceObservation[];
  /** Weaker detections that were not counted (kept for diagnostics). */
  discardedBoxScores: number[];
  /** Mean luminance of the whole frame (0–255). */
  frameLuma: number;
  timings: { detectMs: number; totalMs: number };
  snapshot: Uint8Array<ArrayBuffer> | null;
}

export interface BackendReport {
  requested: FaceBackend;
  /** What tfjs actually runs on after init: Human falls back silently when a backend fails. */
  actual: string;
  fellBack: boolean;
  simd: boolean | null;
  threads: boolean | null;
}

export type FaceWorkerResponse =
  | { type: 'ready'; id: number; backend: BackendReport; loadMs: number; warmupMs: number | null }
  | { type: 'analysis'; id: number; analysis: FrameAnalysis }
  | { type: 'similarities'; id: number; values: number[] }
  | { type: 'error'; id: number; message: string };
