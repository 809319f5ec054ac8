// `npm start`: everything a new user needs, on a fresh clone.
//   1. installs the dependencies (npm ci) when node_modules is missing or stale;
//   2. builds the renderer and the Electron bundles when the build is missing or older than the sources;
//   3. starts the exam service on its embedded default (SQLite and local files in ./data) as a child process;
//   4. creates the demo institution, exam and candidate session when there are none (a fresh launch code each time);
//   5. opens the desktop client on the demo's launch code — or, where the Electron binary is missing,
//      the same renderer in the system's Chromium/Chrome as a clearly labelled, NOT locked-down preview,
//      with the same handlers behind the preview bridge host.
// Ctrl+C stops everything. Environment: VIGIL_PORT (8080), VIGIL_DATA_DIR (./data), VIGIL_PREVIEW_PORT,
// VIGIL_NO_BROWSER=1 (print the preview's address instead of opening a browser), VIGIL_BROWSER (a browser to use),
// VIGIL_FORCE_PREVIEW=1 (the preview even where Electron is installed).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

const env = process.env;
const port = Number(env.VIGIL_PORT || 8080);
const dataDir = resolve(env.VIGIL_DATA_DIR || join(repoRoot, 'data'));
const serviceUrl = `http://127.0.0.1:${port}`;
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const say = (line) => console.log(`[vigil] ${line}`);

const children = new Set();
const cleanups = [];
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  say('Stopping…');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const force = setTimeout(() => child.kill('SIGKILL'), 8000);
          child.once('exit', () => {
            clearTimeout(force);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIfNeeded() {
  const built = join(repoRoot, 'out', 'renderer', 'index.html');
  const models = join(repoRoot, 'out', 'renderer', 'models', 'faceres.bin');
  const sources = Math.max(...['renderer', 'shared', 'main', 'preload'].map((dir) => newestMtime(join(repoRoot, dir))));
  if (existsSync(built) && existsSync(models) && statSync(built).mtimeMs >= sources) return;
  say('Building the client (first start, or the sources changed)…');
  for (const [command, args] of [
    [process.execPath, [join('scripts', 'copy-human-assets.mjs')]],
    [bin('electron-vite'), ['build']],
  ]) {
    const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed`);
  }
}

async function waitForHealth(service) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null)
      throw new Error(`The service exited (code ${service.exitCode}); see ${join(dataDir, 'service.log')}`);
    try {
      const response = await fetch(`${serviceUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`The service did not answer on ${serviceUrl}/healthz within a minute`);
}

function startService() {
  mkdirSync(dataDir, { recursive: true });
  const log = join(dataDir, 'service.log');
  const service = spawn(bin('tsx'), ['server/cli.ts', 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd: repoRoot,
    // The demo runs on one machine: a webhook receiver on loopback or the LAN is allowed here.
    env: { ...env, VIGIL_PUBLIC_URL: env.VIGIL_PUBLIC_URL || serviceUrl, VIGIL_WEBHOOK_ALLOW_PRIVATE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(service);
  // The service logs one JSON line per request: kept in a file, not in the candidate's terminal.
  const out = createWriteStream(log, { flags: 'a' });
  service.stdout.pipe(out);
  service.stderr.pipe(out);
  service.once('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      say(`The service stopped unexpectedly (${signal ?? `exit ${code}`}); see ${log}`);
      void stop(1);
    }
  });
  return service;
}

function seedDemo() {
  const result = spawnSync(
    bin('tsx'),
    ['server/cli.ts', 'demo', '--json', '--data-dir', dataDir, '--public-url', serviceUrl],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`Creating the demo failed:\n${result.stderr}`);
  const seed = JSON.parse(result.stdout.trim().split('\n').at(-1));
  if (seed.secretKey) {
    // Shown once by the service; kept here so the README's institution examples can use the demo account.
    const file = join(dataDir, 'demo-institution.json');
    writeFileSync(file, `${JSON.stringify({ keyId: String(seed.accountId), secretKey: seed.secretKey }, null, 2)}\n`, {
      mode: 0o600,
    });
    say(`Demo institution key saved to ${file}`);
  }
  return seed;
}

/** The Electron binary, read the way the electron package finds it, without its download-on-first-use. */
function electronBinary() {
  if (env.VIGIL_FORCE_PREVIEW === '1') return null;
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function findBrowser() {
  if (env.VIGIL_BROWSER) return env.VIGIL_BROWSER;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];
  const dirs = (env.PATH || '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  const known = [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ];
  return known.find((path) => existsSync(path)) ?? null;
}

async function openPreview(seed) {
  const { tsImport } = await import('tsx/esm/api');
  const { startPreviewClient } = await tsImport('../main/preview/preview-launcher.ts', import.meta.url);
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  // The handlers' own log: warnings and errors only, the rest would drown the instructions above.
  const quiet = {
    debug() {},
    info() {},
    warn: (message, fields) => console.warn(`[vigil] ${message}`, fields ?? ''),
    error: (message, fields) => console.error(`[vigil] ${message}`, fields ?? ''),
  };
  const client = await startPreviewClient({
    serviceUrl,
    dataDir: join(dataDir, 'preview-client'),
    staticRoots: [join(repoRoot, 'out', 'renderer'), join(repoRoot, 'assets')],
    version,
    launchCode: seed.launchCode,
    ...(env.VIGIL_PREVIEW_PORT ? { port: Number(env.VIGIL_PREVIEW_PORT) } : {}),
    log: quiet,
  });
  cleanups.push(() => client.close());
  say(`Preview: ${client.entryUrl}`);
  if (env.VIGIL_NO_BROWSER === '1') {
    say('VIGIL_NO_BROWSER=1: open the preview address above yourself.');
    return;
  }
  const browser = findBrowser();
  if (!browser) {
    say('No Chromium or Chrome found on PATH (set VIGIL_BROWSER): open the preview address above in one.');
    return;
  }
  const profile = join(dataDir, 'preview-browser');
  mkdirSync(profile, { recursive: true });
  const child = spawn(browser, [`--user-data-dir=${profile}`, '--no-first-run', `--app=${client.entryUrl}`], {
    stdio: 'ignore',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', (error) => say(`Could not open ${browser}: ${error.message}`));
  say(`Opened the preview in ${browser}. Close it or press Ctrl+C here to stop.`);
}

function openDesktop(electron, seed) {
  say(`Opening the desktop client (${electron}).`);
  const child = spawn(electron, [repoRoot, seed.launchUrl], {
    cwd: repoRoot,
    env: { ...env, VIGIL_SERVICE_URL: serviceUrl },
    stdio: 'inherit',
  });
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
    if (!stopping) void stop(0);
  });
}

async function main() {
  ensureDependencies();
  buildIfNeeded();
  say(`Starting the exam service on ${serviceUrl} (data in ${dataDir})…`);
  const service = startService();
  await waitForHealth(service);
  say(`Service: ${serviceUrl} (log: ${join(dataDir, 'service.log')})`);
  const seed = seedDemo();
  say(`Demo launch code: ${seed.launchCode}`);
  const electron = electronBinary();
  if (electron) return openDesktop(electron, seed);
  say('The Electron binary is not installed here, so the desktop client cannot open.');
  say(
    'Opening the same renderer as a PREVIEW in a browser instead: it is NOT locked down and is not a secure exam environment.',
  );
  await openPreview(seed);
}

main().catch((error) => {
  console.error(`[vigil] ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
