/**
 * The face pipeline in Debian's Chromium (wasm backend) on person-a.mjpeg: frames per second for
 * presence (detection only) and identity (detection + mesh + embedding + antispoof/liveness), each
 * as a ratio against Human's default configuration measured in the same run, plus per-frame time in
 * the worker and the backend tfjs really ran on. Then genuine and impostor similarities in the browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { createAppProtocolHandler } from '../main/protocol/app-protocol';
import { fixturePath, fixturesRoot, repoRoot } from '../test/support/fixtures';
import { buildHarnessPage, serveHarness } from './harness-page';
import type { Benchmark } from './index';

const FRAMES = Number(process.env.VIGIL_BENCH_FACE_FRAMES ?? 40);
const WARMUP_FRAMES = 3;

/** What test/renderer/face/face-bench-harness.ts returns (declared here: bench/ has no DOM types). */
interface Measurement {
  profile: string;
  mode: string;
  backend: string;
  fellBack: boolean;
  simd: boolean | null;
  loadMs: number;
  frames: number;
  seconds: number;
  framesPerSecond: number;
  workerMs: { mean: number; median: number; p95: number };
  facesSeen: number;
}
interface Similarities {
  backend: string;
  liveFrames: number;
  perFrame: Record<string, { min: number; max: number }>;
  averaged: Record<string, number>;
}
interface HarnessGlobal {
  vigilFaceBench: {
    measure(options: { profile: string; mode: string; frames: number; warmupFrames: number }): Promise<Measurement>;
    similarities(options: { frames: number; photos: string[] }): Promise<Similarities>;
  };
}

/** Routes the harness's requests: Human's full model set (for its default configuration), the fixture photos, else the page and the renderer's assets. */
function harnessRoutes(pageDir: string) {
  // Human's exports hide package.json: its main entry lives in dist/, the models beside it.
  const humanDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..');
  const app = createAppProtocolHandler({
    roots: [pageDir, join(repoRoot, 'out', 'renderer'), join(repoRoot, 'assets')],
  });
  const humanModels = createAppProtocolHandler({ roots: [humanDir] });
  const fixtures = createAppProtocolHandler({ roots: [fixturesRoot] });
  return (path: string) =>
    path.startsWith('/human-models/')
      ? { handler: humanModels, path: path.replace('/human-models/', '/models/') }
      : path.startsWith('/fixtures/')
        ? { handler: fixtures, path: path.replace('/fixtures/', '/') }
        : { handler: app, path };
}

const fps = (value: number) => value.toFixed(2);
const ms = (value: number) => value.toFixed(0);

export const faceBenchmark: Benchmark = {
  name: 'face',
  async run(log) {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-face-bench-'));
    const pageDir = join(dir, 'page');
    await buildHarnessPage(join(repoRoot, 'test', 'renderer', 'face'), 'face-bench-harness.html', pageDir);
    const server = await serveHarness(harnessRoutes(pageDir));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs({ camera: fixturePath('camera/person-a.mjpeg') }),
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${server.origin}/face-bench-harness.html`);
      const measure = (profile: string, mode: string) =>
        tab.evaluate((options) => (globalThis as unknown as HarnessGlobal).vigilFaceBench.measure(options), {
          profile,
          mode,
          frames: FRAMES,
          warmupFrames: WARMUP_FRAMES,
        });
      // Human's defaults first, so neither side gets a warmer machine than the other.
      const baseline = await measure('human-default', 'identity');
      const presence = await measure('vigil', 'presence');
      const identity = await measure('vigil', 'identity');

      for (const result of [baseline, presence, identity]) {
        if (result.fellBack)
          log(`WARNING: ${result.profile}/${result.mode} asked for wasm but tfjs runs on ${result.backend}`);
      }
      log(
        `backend: ${identity.backend} (SIMD ${identity.simd ? 'on' : 'off'}); models loaded in ${ms(identity.loadMs)} ms; ${FRAMES} frames each, camera 640×480`,
      );
      log(
        `Human default config: ${fps(baseline.framesPerSecond)} frames/s (worker ${ms(baseline.workerMs.median)} ms median, ${ms(baseline.workerMs.p95)} ms p95)`,
      );
      for (const [label, result] of [
        ['presence (detection only)', presence],
        ['identity (detection + mesh + embedding + antispoof/liveness)', identity],
      ] as const) {
        log(
          `${label}: ${fps(result.framesPerSecond)} frames/s = ${(result.framesPerSecond / baseline.framesPerSecond).toFixed(2)}× Human's default; worker ${ms(result.workerMs.mean)} ms mean, ${ms(result.workerMs.median)} ms median, ${ms(result.workerMs.p95)} ms p95; face seen in ${result.facesSeen}/${result.frames} frames`,
        );
      }

      const photos = ['person-a-enrol.jpg', 'person-a-second.jpg', 'person-b-enrol.jpg', 'person-c-astronaut.png'];
      const similarities = await tab.evaluate(
        (options) => (globalThis as unknown as HarnessGlobal).vigilFaceBench.similarities(options),
        { frames: 12, photos },
      );
      log(`similarity of ${similarities.liveFrames} live frames of person A (human.match.similarity):`);
      for (const photo of photos) {
        const range = similarities.perFrame[photo];
        if (!range) continue;
        log(
          `  vs ${photo}: per frame ${range.min.toFixed(2)}–${range.max.toFixed(2)}; 6 frames averaged and rescaled: ${similarities.averaged[photo]?.toFixed(2)}`,
        );
      }
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
