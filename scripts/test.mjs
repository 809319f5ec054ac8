// `npm test`: typecheck, lint and format check, then every test suite (unit, integration, end-to-end).
// Writes JSON reports to test-results/ for .ci/run's summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

ensureDependencies();
mkdirSync(join(repoRoot, 'test-results'), { recursive: true });

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

/** The Electron binary as test/support/electron-binary.ts finds it (without the package's download), or null. */
function electronBinary() {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const candidates = [
    process.env.VIGIL_ELECTRON_BINARY,
    process.env.ELECTRON_OVERRIDE_DIST_PATH && join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron'),
    relative && join(packageDir, 'dist', relative),
  ].filter(Boolean);
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * The Electron suite (test/electron) needs a display. On Linux without one, where the binary exists,
 * the tests run under xvfb-run (.ci/run installs xvfb); elsewhere they run as they are and the suite
 * says that it skipped.
 */
function withDisplay(command, args) {
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!headless || !electronBinary()) return [command, args];
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    console.log('The Electron binary is installed but there is no display and no xvfb-run: its suite will skip.');
    return [command, args];
  }
  return ['xvfb-run', ['--auto-servernum', '--server-args=-screen 0 1280x1024x24', command, ...args]];
}
const steps = [
  ['typecheck', bin('tsc'), ['-b']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level=warn']],
  // Human's models and tfjs' wasm files come from node_modules into assets/ (gitignored) before the renderer build.
  ['assets', process.execPath, [join('scripts', 'copy-human-assets.mjs')]],
  ['build', bin('electron-vite'), ['build']],
  [
    'tests',
    ...withDisplay(bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join('test-results', 'vitest.json')}`,
      ...process.argv.slice(2),
    ]),
  ],
];

let failed = false;
for (const [name, command, args] of steps) {
  console.log(`\n== ${name}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`== ${name} failed (exit ${result.status ?? result.signal})`);
    failed = true;
    if (name !== 'tests' && name !== 'format' && name !== 'lint') break;
  }
}
process.exit(failed ? 1 : 0);
