/**
 * Where the Electron binary is, without `require('electron')` (which, with the binary missing, tries to
 * download it). null when it is not installed, as on machines where the download is blocked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures';

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string | null; looked: string } {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const candidates = [
    env.VIGIL_ELECTRON_BINARY,
    env.ELECTRON_OVERRIDE_DIST_PATH && join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron'),
    relative && join(packageDir, 'dist', relative),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(candidate)) ?? null;
  return { path: found, looked: candidates.length > 0 ? candidates.join(', ') : `${pathFile} (missing)` };
}

/** Electron needs a display; on Linux CI that is Xvfb (`xvfb-run`). */
export function hasDisplay(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
