/**
 * `npm start` as a new user runs it (the dependencies are already installed here): the service
 * answers on its port with SQLite in the data directory, the demo is seeded, and the browser preview
 * (no Electron binary on this machine) serves the renderer, which shows the launch screen with the
 * demo's code filled in. VIGIL_NO_BROWSER=1 makes it print the preview's address instead of opening
 * a browser; the test opens it in Debian's Chromium. Ctrl+C (SIGINT) stops everything. Where the
 * Electron binary is installed, VIGIL_FORCE_PREVIEW=1 keeps `npm start` on the preview this test reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium';
import { findElectronBinary } from '../support/electron-binary';
import { repoRoot } from '../support/fixtures';

const START_TIMEOUT_MS = 240_000;

let dataDir: string;
let child: ChildProcess | null = null;
let output = '';
let browser: Browser | null = null;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`npm start did not print ${pattern} in time. Output:\n${output}`));
    }, timeoutMs);
    const onExit = () => {
      cleanup();
      reject(new Error(`npm start exited early. Output:\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child?.stdout?.off('data', check);
      child?.off('exit', onExit);
    };
    child?.stdout?.on('data', check);
    child?.once('exit', onExit);
    check();
  });
}

describe('npm start', () => {
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    port = await freePort();
    child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        VIGIL_DATA_DIR: dataDir,
        VIGIL_PORT: String(port),
        VIGIL_NO_BROWSER: '1',
        VIGIL_FORCE_PREVIEW: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (output += chunk));
    child.stderr?.on('data', (chunk: string) => (output += chunk));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    // Whatever is left of the group (npm, node scripts/start.mjs and its children) after a failure.
    try {
      if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'starts the service, seeds the demo, and opens the labelled preview on the demo’s launch code; Ctrl+C stops it all',
    async () => {
      const [, launchCode] = await waitForOutput(/Demo launch code: (\S+)/, START_TIMEOUT_MS);
      const [, previewUrl] = await waitForOutput(/Preview: (\S+)/, 60_000);
      expect(output).toContain('Opening the same renderer as a PREVIEW in a browser instead');
      if (!findElectronBinary().path) expect(output).toContain('The Electron binary is not installed here');

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(existsSync(join(dataDir, 'demo-institution.json'))).toBe(true);

      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: chromiumArgs(),
      });
      const page = await browser.newPage();
      await page.goto(previewUrl!);
      await page.getByText('PREVIEW — not locked down').first().waitFor({ timeout: 30_000 });
      await expect(page.getByLabel('Launch code').inputValue()).resolves.toBe(launchCode);
      await page.getByRole('button', { name: 'Start checks' }).click();
      await page.getByRole('heading', { name: 'Before you begin' }).waitFor({ timeout: 30_000 });

      // Ctrl+C in the terminal: SIGINT to the foreground group. npm itself dies of the signal;
      // start.mjs stops the preview and the service before it exits.
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child!.once('exit', (code, signal) => resolve({ code, signal })),
      );
      process.kill(-child!.pid!, 'SIGINT');
      const { code, signal } = await exited;
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      await expect
        .poll(
          () =>
            fetch(`http://127.0.0.1:${port}/healthz`).then(
              () => 'answering',
              () => 'stopped',
            ),
          { timeout: 20_000 },
        )
        .toBe('stopped');
      await expect
        .poll(
          () =>
            fetch(new URL(previewUrl!).origin).then(
              () => 'answering',
              () => 'stopped',
            ),
          { timeout: 20_000 },
        )
        .toBe('stopped');
      expect(output).toContain('Stopping…');
    },
    START_TIMEOUT_MS + 120_000,
  );
});
