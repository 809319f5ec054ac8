/**
 * The face pipeline in Debian's Chromium (wasm backend) on person-a.mjpeg: frames per second for
 * presence (detection only) and identity (detection + mesh + embedding + antispoof/liveness), each
 * as a ratio against Human's default configuration measured in the same run, plus per-frame time in
 * the worker and the backend tfjs really ran on. Then genuine and impostor similarities in the browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { build } from 'vite';
import { createAppProtocolHandler } from '../main/protocol/app-protocol';
import { APP_ORIGIN } from '../main/security/app-origin';
import { fixturePath, fixturesRoot, repoRoot } from '../test/support/fixtures';
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

async function buildHarness(outDir: string): Promise<void> {
  const root = join(repoRoot, 'test', 'renderer', 'face');
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'face-bench-harness.html') } },
    worker: { format: 'es' },
  });
}

/** Serves the harness with the app protocol's files and headers, Human's full model set and the fixture photos. */
function serve(pageDir: string) {
  // Human's exports hide package.json: its main entry lives in dist/, the models beside it.
  const humanDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..');
  const app = createAppProtocolHandler({
    roots: [pageDir, join(repoRoot, 'out', 'renderer'), join(repoRoot, 'assets')],
  });
  const humanModels = createAppProtocolHandler({ roots: [humanDir] });
  const fixtures = createAppProtocolHandler({ roots: [fixturesRoot] });
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const [handler, mapped] = path.startsWith('/human-models/')
      ? [humanModels, path.replace('/human-models/', '/models/')]
      : path.startsWith('/fixtures/')
        ? [fixtures, path.replace('/fixtures/', '/')]
        : [app, path];
    void handler(new Request(`${APP_ORIGIN}${mapped}`)).then(async (answer) => {
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => (headers[name] = value));
      response.writeHead(answer.status, headers);
      response.end(answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined);
    });
  });
}

const fps = (value: number) => value.toFixed(2);
const ms = (value: number) => value.toFixed(0);

export const faceBenchmark: Benchmark = {
  name: 'face',
  async run(log) {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-face-bench-'));
    const pageDir = join(dir, 'page');
    await buildHarness(pageDir);
    const server = serve(pageDir);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs({ camera: fixturePath('camera/person-a.mjpeg') }),
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${origin}/face-bench-harness.html`);
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    }
  },
};
