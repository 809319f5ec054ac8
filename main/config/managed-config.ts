/**
 * Reads the managed configuration. No file: not managed. A file that does not parse or does not match
 * the schema is an error the app must stop on (running unlocked because a centre's file has a typo
 * would defeat the point of deploying it).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { managedConfigSchema, RETIRED_MANAGED_FIELDS, type ManagedConfig } from '../../shared/managed-config';
import type { TrustCheck } from './managed-config-trust';

export class ManagedConfigError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`The managed configuration ${path} is invalid, so Vigil will not start: ${problem}`);
    this.name = 'ManagedConfigError';
  }
}

/**
 * null when no managed configuration is deployed; throws ManagedConfigError when it is malformed or
 * could have been written by an ordinary user (see managed-config-trust).
 */
export async function loadManagedConfig(path: string, trust?: TrustCheck): Promise<ManagedConfig | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new ManagedConfigError(path, `it cannot be read (${code ?? String(error)}).`);
  }
  const distrust = trust ? await trust(path) : null;
  if (distrust) throw new ManagedConfigError(path, `it could have been written by any user (${distrust}).`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad writes a byte-order mark
  } catch (error) {
    throw new ManagedConfigError(path, `it is not valid JSON (${(error as Error).message}).`);
  }
  // Said plainly rather than as zod's "unrecognized key": the deployer must learn what to do instead.
  const retired =
    typeof json === 'object' && json !== null
      ? Object.keys(json).filter((k) => Object.hasOwn(RETIRED_MANAGED_FIELDS, k))
      : [];
  if (retired.length > 0) throw new ManagedConfigError(path, retired.map((k) => RETIRED_MANAGED_FIELDS[k]).join(' '));
  const parsed = managedConfigSchema.safeParse(json);
  if (!parsed.success) throw new ManagedConfigError(path, z.prettifyError(parsed.error));
  return parsed.data;
}
