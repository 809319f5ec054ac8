/**
 * Human's configuration for the identity check, built from shared/face/face-pipeline (the service
 * recomputes with the same). Everything loads from the app's own origin; nothing from a CDN.
 */
import type { Config } from '@vladmandic/human';
import { faceModules, IDENTITY_BASE_CONFIG } from '../../shared/face/face-pipeline';
import type { FaceBackend, FaceMode } from './face-protocol';

type HumanConfig = Partial<Config>;

export interface HumanPaths {
  modelBaseUrl: string;
  wasmBaseUrl: string;
}

/**
 * Loads every model the checks use at start: detector, mesh, embedding (faceres), antispoof, liveness.
 * `wasmPath` matters most: Human's default points at a CDN. Human's own warm-up is off (it fetches a
 * data: URL, which the CSP refuses); the worker warms up on a real camera frame instead.
 */
export function vigilHumanConfig(backend: FaceBackend, paths: HumanPaths): HumanConfig {
  return {
    ...IDENTITY_BASE_CONFIG,
    backend,
    modelBasePath: paths.modelBaseUrl,
    wasmPath: paths.wasmBaseUrl,
    face: faceModules({ mesh: true, description: true, spoofScores: true }),
  };
}

/**
 * The per-call switches for a mode. Human merges a call's config into its own permanently,
 * so every switch is set explicitly on every call.
 */
export function modeConfig(mode: FaceMode): HumanConfig {
  return {
    face: faceModules({
      mesh: mode !== 'presence',
      description: mode === 'identity',
      spoofScores: mode === 'identity',
    }),
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
