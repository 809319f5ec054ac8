// Copies what the identity check runs on into assets/ (served from the app's own origin, never a CDN):
// only the five Human models it needs (blazeface, facemesh, faceres, antispoof, liveness: ~11 MB of the 28 MB
// Human ships) and tfjs' wasm binaries. Run before every build; skips files that are already up to date.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const humanModels = join(repoRoot, 'node_modules', '@vladmandic', 'human', 'models');
const tfjsWasmDist = join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

/** Keep in step with IDENTITY_MODELS in shared/face/face-pipeline.ts: the models the identity config enables. */
export const SHIPPED_MODELS = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'];

function copyIfChanged(from, to) {
  if (!existsSync(from)) throw new Error(`Missing ${from}: run npm ci first`);
  if (existsSync(to)) {
    const [a, b] = [statSync(from), statSync(to)];
    if (a.size === b.size && a.mtimeMs <= b.mtimeMs) return 0;
  }
  copyFileSync(from, to);
  return statSync(to).size;
}

export function copyHumanAssets(targetRoot = join(repoRoot, 'assets')) {
  const modelsDir = join(targetRoot, 'models');
  const wasmDir = join(targetRoot, 'wasm');
  mkdirSync(modelsDir, { recursive: true });
  mkdirSync(wasmDir, { recursive: true });
  let copied = 0;
  for (const model of SHIPPED_MODELS) {
    for (const ext of ['json', 'bin'])
      copied += copyIfChanged(join(humanModels, `${model}.${ext}`), join(modelsDir, `${model}.${ext}`));
  }
  const wasmFiles = readdirSync(tfjsWasmDist).filter((name) => name.endsWith('.wasm'));
  if (wasmFiles.length === 0) throw new Error(`No .wasm files in ${tfjsWasmDist}`);
  for (const name of wasmFiles) copied += copyIfChanged(join(tfjsWasmDist, name), join(wasmDir, name));
  return { modelsDir, wasmDir, copiedBytes: copied };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { copiedBytes } = copyHumanAssets();
  console.log(
    copiedBytes > 0
      ? `Human assets: copied ${(copiedBytes / 1e6).toFixed(1)} MB into assets/models and assets/wasm`
      : 'Human assets: up to date',
  );
}
