/**
 * tus's per-upload bookkeeping (`<id>.json`: declared length, metadata, creation date), replaced
 * atomically and durably. @tus/utils' FileKvStore rewrites the file in place with a plain
 * `writeFile`, so a service killed mid-write left it empty and the upload answered 404 for ever
 * while its acknowledged bytes sat on disk.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KvStore, Upload } from '@tus/utils';
import { removeFileDurably, writeFileDurably } from '../../shared/node/durable-fs';

const BOOKKEEPING_SUFFIX = '.json';

export class DurableKvStore implements KvStore<Upload> {
  constructor(
    private readonly directory: string,
    private readonly isValidKey: (key: string) => boolean,
  ) {}

  /** The stored upload, or undefined when it is missing or unreadable (recovery decides then). */
  async get(key: string): Promise<Upload | undefined> {
    try {
      return JSON.parse(await readFile(this.pathOf(key), 'utf8')) as Upload;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: Upload): Promise<void> {
    await writeFileDurably(this.pathOf(key), JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    await removeFileDurably(this.pathOf(key));
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.directory);
    return names
      .filter((name) => name.endsWith(BOOKKEEPING_SUFFIX))
      .map((name) => name.slice(0, -BOOKKEEPING_SUFFIX.length))
      .filter(this.isValidKey)
      .sort();
  }

  private pathOf(key: string): string {
    if (!this.isValidKey(key)) throw new Error(`Invalid upload id ${key}`);
    return join(this.directory, `${key}${BOOKKEEPING_SUFFIX}`);
  }
}
