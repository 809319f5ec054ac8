/**
 * For the Node processes (the client's main process and the service) alike.
 * Writes that survive the process dying at any instruction and, with fsync, the machine losing
 * power: a file is replaced by writing a temporary beside it, fsyncing it, renaming it over the
 * target and fsyncing the directory (rename is atomic within one file system, so a reader sees the
 * old bytes or the new ones, never a torn or empty file).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Makes a directory's entries (a new, renamed or deleted file) durable. */
export async function fsyncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const temporaryBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

/** Replaces `path` with `data` atomically and durably. */
export async function writeFileDurably(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(path));
}

/** Removes `path` (missing is fine) and makes the removal durable. */
export async function removeFileDurably(path: string): Promise<void> {
  await rm(path, { force: true });
  await fsyncDirectory(dirname(path));
}

/**
 * Creates `path` holding `data` only if it does not exist, atomically: the content is complete
 * before the name appears (link fails with EEXIST when another process won the race).
 */
export function createFileExclusivelySync(path: string, data: string, mode = 0o600): void {
  const temporary = temporaryBeside(path);
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  if (process.platform === 'win32') return;
  const directory = openSync(dirname(path), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
