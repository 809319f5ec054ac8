// `npm test`: typecheck, lint and format check, then every test suite (unit, integration, end-to-end).
// Writes JSON reports to test-results/ for .ci/run's summary line.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

ensureDependencies();
mkdirSync(join(repoRoot, 'test-results'), { recursive: true });

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const steps = [
  ['typecheck', bin('tsc'), ['-b']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level=warn']],
  // Human's models and tfjs' wasm files come from node_modules into assets/ (gitignored) before the renderer build.
  ['assets', process.execPath, [join('scripts', 'copy-human-assets.mjs')]],
  ['build', bin('electron-vite'), ['build']],
  [
    'tests',
    bin('vitest'),
    [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join('test-results', 'vitest.json')}`,
      ...process.argv.slice(2),
    ],
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
