/**
 * Human's configuration for the identity check. Only the five shipped models are enabled
 * (scripts/copy-human-assets.mjs copies exactly these); everything loads from the app's origin.
 */
import type { Config } from '@vladmandic/human';
import { DETECTOR_MIN_CONFIDENCE, MAX_FACES_DETECTED } from '../../shared/face/face-thresholds';
import type { FaceBackend, FaceMode } from './face-protocol';

type HumanConfig = Partial<Config>;

export interface HumanPaths {
  modelBaseUrl: string;
  wasmBaseUrl: string;
}

/** Everything Vigil needs loaded at start: detector, mesh, embedding (faceres), antispoof, liveness. */
export function vigilHumanConfig(backend: FaceBackend, paths: HumanPaths): HumanConfig {
  return {
    backend,
    modelBasePath: paths.modelBaseUrl,
    wasmPath: paths.wasmBaseUrl,
    // Models come from the app's own files; IndexedDB would only hold a second, unverified copy.
    cacheModels: false,
    debug: false,
    // Our own warm-up runs on a real camera frame (Human's fetches a data: URL, which the CSP refuses).
    warmup: 'none',
    // Every frame is analysed afresh: cached boxes or embeddings would blur "which frame said what".
    cacheSensitivity: 0,
    // Image filters run on WebGL and would change the light we measure.
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: { enabled: true, ...faceModules('identity') },
  };
}

/**
 * The per-call switches for a mode. Human merges a call's config into its own permanently,
 * so every switch is set explicitly on every call.
 */
export function modeConfig(mode: FaceMode): HumanConfig {
  return { face: { enabled: true, ...faceModules(mode) } };
}

function faceModules(mode: FaceMode): Partial<Config['face']> {
  const mesh = mode !== 'presence';
  const identity = mode === 'identity';
  return {
    detector: {
      enabled: true,
      modelPath: 'blazeface.json',
      rotation: false,
      maxDetected: MAX_FACES_DETECTED,
      minConfidence: DETECTOR_MIN_CONFIDENCE,
      skipFrames: 0,
      skipTime: 0,
    },
    mesh: { enabled: mesh, modelPath: 'facemesh.json' },
    iris: { enabled: false },
    attention: { enabled: false },
    emotion: { enabled: false },
    gear: { enabled: false },
    description: { enabled: identity, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0 },
    antispoof: { enabled: identity, modelPath: 'antispoof.json', skipFrames: 0, skipTime: 0 },
    liveness: { enabled: identity, modelPath: 'liveness.json', skipFrames: 0, skipTime: 0 },
  };
}

/** Human's default configuration with only the paths and backend pinned: the benchmark's baseline. */
export function humanDefaultConfig(backend: FaceBackend, paths: HumanPaths): HumanConfig {
  return {
    backend,
    modelBasePath: paths.modelBaseUrl,
    wasmPath: paths.wasmBaseUrl,
    cacheModels: false,
    warmup: 'none',
  };
}
