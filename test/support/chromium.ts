/**
 * Debian's Chromium for end-to-end tests and benchmarks, launched the one way that works on these
 * machines: headless, as root, with every background connection off (the network is closed, so
 * Chromium's own lookups would only fail), and optionally a fake camera playing a fixture video.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.VIGIL_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why a suite needing Chromium cannot run here, or null (see test/support/suite-requirement.ts). */
export function missingChromium(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium is not installed (no ${CHROMIUM_PATH}; apt-get install chromium, or set VIGIL_CHROMIUM_PATH)`;
}

const HEADLESS_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Fails when the browser asked for anything outside `origins` (data: and blob: URLs stay in the page):
 * the app ships its fonts, models and wasm, so a CDN, a font host or a tracker is a bug. The browser
 * harnesses (e2e-harness, e2e-journey-harness) run it when each test closes its run.
 */
export function expectNoForeignRequests(requests: readonly string[], origins: readonly string[]): void {
  const foreign = requests.filter(
    (url) => !/^(data|blob):/.test(url) && !origins.some((origin) => url.startsWith(`${origin}/`) || url === origin),
  );
  if (foreign.length > 0) {
    throw new Error(
      `The page asked for ${foreign.length} URL(s) outside its own origins (${origins.join(', ')}): ${[
        ...new Set(foreign),
      ].join(', ')}`,
    );
  }
}

export interface ChromiumArgsOptions {
  /** Absolute path of an MJPEG file the fake camera plays (looped); also fakes a beeping microphone. */
  camera?: string;
  /** Answer getDisplayMedia with the whole screen, without a picker. */
  screenCapture?: boolean;
}

export function chromiumArgs(options: ChromiumArgsOptions = {}): string[] {
  const args = [...HEADLESS_ARGS];
  if (options.camera) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${options.camera}`,
    );
  }
  if (options.screenCapture) args.push('--auto-select-desktop-capture-source=Entire screen');
  return args;
}

export interface CameraPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser requested (pages and workers), for "nothing left the origin" checks. */
  requests: string[];
  /** Console errors and uncaught exceptions of the page (CSP violations show up here). */
  consoleErrors: string[];
  /** Makes the fake camera show another video from its next loop on (the file is swapped atomically). */
  switchCamera(path: string): Promise<void>;
}

/**
 * Chromium with a fake camera playing `camera`, screen capture answered, and the page watched.
 * Chromium reads the camera from a copy in the profile, so a test can swap what the camera shows.
 */
export async function openCameraPage(options: {
  profileDir: string;
  camera: string;
  url: string;
  viewport?: { width: number; height: number };
}): Promise<CameraPage> {
  mkdirSync(options.profileDir, { recursive: true });
  const cameraFile = join(options.profileDir, 'camera.mjpeg');
  copyFileSync(options.camera, cameraFile);
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: false, // headless all the same: chromiumArgs passes --headless=new itself
    viewport: options.viewport ?? { width: 1280, height: 800 },
    args: chromiumArgs({ camera: cameraFile, screenCapture: true }),
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(options.url);
  return {
    context,
    page,
    requests,
    consoleErrors,
    switchCamera: async (path) => {
      copyFileSync(path, `${cameraFile}.next`);
      renameSync(`${cameraFile}.next`, cameraFile);
    },
  };
}
