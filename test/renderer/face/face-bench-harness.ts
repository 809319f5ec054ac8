/**
 * A page for bench/face-bench.ts: the real face worker (renderer/face/) on the fake camera, measured
 * frame by frame. `measure()` runs one configuration (Vigil's presence or identity mode, or Human's
 * default configuration); `similarities()` compares live frames with the fixture photos.
 */
import { averageEmbeddings } from '../../../shared/face/embedding-math';
import { startFaceEngine, type FaceEngine } from '../../../renderer/face/face-engine';
import type { FaceMode, FaceProfile } from '../../../renderer/face/face-protocol';
import { acquireCamera, grabFrame } from '../../../renderer/media/camera';

export interface FaceBenchMeasurement {
  profile: FaceProfile;
  mode: FaceMode;
  backend: string;
  fellBack: boolean;
  simd: boolean | null;
  loadMs: number;
  frames: number;
  seconds: number;
  framesPerSecond: number;
  /** Time inside the worker per frame (Human's detect + our measurements), ms. */
  workerMs: { mean: number; median: number; p95: number };
  facesSeen: number;
}

export interface FaceBenchSimilarities {
  backend: string;
  liveFrames: number;
  /** Each live frame's embedding against a photo: min, max. */
  perFrame: Record<string, { min: number; max: number }>;
  /** The live frames averaged (and rescaled) as an enrolment, against each photo. */
  averaged: Record<string, number>;
}

declare global {
  interface Window {
    vigilFaceBench: {
      measure(options: {
        profile: FaceProfile;
        mode: FaceMode;
        frames: number;
        warmupFrames: number;
      }): Promise<FaceBenchMeasurement>;
      similarities(options: { frames: number; photos: string[] }): Promise<FaceBenchSimilarities>;
    };
  }
}

let video: HTMLVideoElement | null = null;

async function camera(): Promise<HTMLVideoElement> {
  if (video) return video;
  const element = document.createElement('video');
  element.muted = true;
  element.srcObject = await acquireCamera();
  await element.play();
  video = element;
  return element;
}

function engineFor(profile: FaceProfile): Promise<FaceEngine> {
  // Human's default configuration needs its other models (body, hand, iris, emotion), served from node_modules.
  const modelBaseUrl = profile === 'human-default' ? new URL('/human-models/', location.href).href : undefined;
  return startFaceEngine({ backend: 'wasm', profile, ...(modelBaseUrl ? { modelBaseUrl } : {}) });
}

function summarise(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { mean: values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length), median: at(0.5), p95: at(0.95) };
}

async function photoBitmap(name: string): Promise<ImageBitmap> {
  const response = await fetch(`/fixtures/faces/${name}`);
  return createImageBitmap(await response.blob());
}

window.vigilFaceBench = {
  async measure({ profile, mode, frames, warmupFrames }) {
    const source = await camera();
    const engine = await engineFor(profile);
    try {
      for (let i = 0; i < warmupFrames; i++) await engine.analyze(await grabFrame(source), mode);
      const workerMs: number[] = [];
      let facesSeen = 0;
      const started = performance.now();
      for (let i = 0; i < frames; i++) {
        const analysis = await engine.analyze(await grabFrame(source), mode);
        workerMs.push(analysis.timings.totalMs);
        facesSeen += analysis.faces.length > 0 ? 1 : 0;
      }
      const seconds = (performance.now() - started) / 1000;
      return {
        profile,
        mode,
        backend: engine.backend.actual,
        fellBack: engine.backend.fellBack,
        simd: engine.backend.simd,
        loadMs: engine.loadMs,
        frames,
        seconds,
        framesPerSecond: frames / seconds,
        workerMs: summarise(workerMs),
        facesSeen,
      };
    } finally {
      engine.dispose();
    }
  },

  async similarities({ frames, photos }) {
    const source = await camera();
    const engine = await engineFor('vigil');
    try {
      const live: number[][] = [];
      for (let i = 0; i < frames * 3 && live.length < frames; i++) {
        const analysis = await engine.analyze(await grabFrame(source), 'identity');
        const embedding = analysis.faces.length === 1 ? analysis.faces[0]?.embedding : null;
        if (embedding) live.push(embedding);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      const perFrame: FaceBenchSimilarities['perFrame'] = {};
      const averaged: FaceBenchSimilarities['averaged'] = {};
      const enrolment = averageEmbeddings(live.slice(0, 6));
      for (const photo of photos) {
        const analysis = await engine.analyze(await photoBitmap(photo), 'identity');
        const reference = analysis.faces.length === 1 ? analysis.faces[0]?.embedding : null;
        if (!reference) continue;
        const values = await engine.similarity(reference, live);
        perFrame[photo] = { min: Math.min(...values), max: Math.max(...values) };
        averaged[photo] = (await engine.similarity(enrolment, [reference]))[0] ?? 0;
      }
      return { backend: engine.backend.actual, liveFrames: live.length, perFrame, averaged };
    } finally {
      engine.dispose();
    }
  },
};
