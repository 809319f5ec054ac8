import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/fixtures.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/fixtures` beside the project root: read-only material shared by the team. */
export const fixturesRoot = resolve(repoRoot, '..', 'shared', 'fixtures');

export function fixturePath(relative: string): string {
  const path = resolve(fixturesRoot, relative);
  if (!existsSync(path))
    throw new Error(`Fixture missing: ${path} (../shared/fixtures must sit beside the repository)`);
  return path;
}
