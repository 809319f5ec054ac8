/**
 * The service's data (SQLite file, master key, recordings) is for the service's user alone:
 * directories 0700 and files 0600, whatever the umask, and tightened when found looser.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
  } catch (error) {
    // Someone else's directory (a mount we may write to but not chmod): leave it as it is.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/** Creates a directory (and missing parents) as 0700; an existing one is tightened to 0700. */
export function ensurePrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  tighten(path, 0o700);
}

/** Creates an empty file as 0600 if it is missing; an existing one is tightened to 0600. */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  tighten(path, 0o600);
}

/** Tightens files that exist (SQLite's -wal and -shm from an older run); missing ones are skipped. */
export function tightenExistingFiles(paths: string[]): void {
  for (const path of paths) if (existsSync(path)) tighten(path, 0o600);
}
