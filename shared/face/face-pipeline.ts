/**
 * Human's face modules for identity work, as plain data: the renderer's worker and the service's
 * recompute run the same models with the same settings, so their embeddings compare.
 */
import { DETECTOR_MIN_CONFIDENCE, MAX_FACES_DETECTED } from './face-thresholds';

/** The five models Vigil ships (scripts/copy-human-assets.mjs copies exactly these). */
export const IDENTITY_MODELS = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'] as const;

export interface FaceModuleSwitches {
  /** Face mesh: head angles, and the aligned crop the embedding is computed from. */
  mesh: boolean;
  /** faceres: the embedding. */
  description: boolean;
  /** Antispoof and liveness scores. */
  spoofScores: boolean;
}

/** Human's `face` config for the given switches. Nothing is cached between frames (skipFrames/skipTime 0). */
export function faceModules(switches: FaceModuleSwitches) {
  return {
    enabled: true,
    detector: {
      enabled: true,
      modelPath: 'blazeface.json',
      rotation: false,
      maxDetected: MAX_FACES_DETECTED,
      minConfidence: DETECTOR_MIN_CONFIDENCE,
      skipFrames: 0,
      skipTime: 0,
    },
    mesh: { enabled: switches.mesh, modelPath: 'facemesh.json' },
    iris: { enabled: false },
    attention: { enabled: false },
    emotion: { enabled: false },
    gear: { enabled: false },
    description: { enabled: switches.description, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0 },
    antispoof: { enabled: switches.spoofScores, modelPath: 'antispoof.json', skipFrames: 0, skipTime: 0 },
    liveness: { enabled: switches.spoofScores, modelPath: 'liveness.json', skipFrames: 0, skipTime: 0 },
  };
}

/** Everything else Human would run is off; results are computed afresh for every image. */
export const IDENTITY_BASE_CONFIG = {
  debug: false,
  cacheModels: false,
  warmup: 'none',
  cacheSensitivity: 0,
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
} as const;
