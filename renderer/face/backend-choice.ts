/**
 * Which tfjs backend the face worker runs on. wasm is the default: on machines without a GPU,
 * WebGL runs on a software rasteriser (SwiftShader, llvmpipe) and takes seconds per frame.
 */
import type { BackendReport, FaceBackend } from './face-protocol';

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/** A renderer string from WEBGL_debug_renderer_info; null when WebGL or the extension is unavailable. */
export function isHardwareRenderer(renderer: string | null): boolean {
  return renderer !== null && renderer.trim() !== '' && !SOFTWARE_RENDERERS.test(renderer);
}

/** Asks the browser for a WebGL2 context and its renderer name. */
export function hasHardwareGpu(): boolean {
  if (typeof document === 'undefined') return false;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? (gl.getParameter(info.UNMASKED_RENDERER_WEBGL) as string) : null;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return isHardwareRenderer(renderer);
}

export interface BackendTrial {
  backend: BackendReport;
  /** Steady-state identity frame after warm-up; null when no frame was available to time. */
  warmupMs: number | null;
}

/**
 * The fastest backend that really runs what was asked for (a silent fallback does not count as that
 * backend); wasm when nothing was timed.
 */
export function chooseBackend(trials: readonly BackendTrial[]): FaceBackend {
  const honest = trials.filter((trial) => !trial.backend.fellBack && trial.warmupMs !== null);
  honest.sort((a, b) => a.warmupMs! - b.warmupMs!);
  return honest[0]?.backend.requested ?? 'wasm';
}
