/**
 * An append-only journal of JSON records, each line `<crc32 hex> <json>\n`, fsynced on every append.
 *
 * A crash can leave the last line half written (no newline, or a checksum that does not match):
 * `replay` drops that torn tail and truncates the file to the last whole record, so the next append
 * starts clean. Nothing before it is ever rewritten, so a torn append cannot damage older records.
 */
import { crc32 } from 'node:zlib';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';

export interface JournalReplay<T> {
  records: T[];
  /** Bytes cut from the end because the last record was torn. */
  tornBytes: number;
}

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0');
}

export function encodeRecord(record: unknown): string {
  const json = JSON.stringify(record);
  return `${checksum(json)} ${json}\n`;
}

/** Parses whole, intact lines; stops at the first line that is incomplete or fails its checksum. */
export function decodeJournal(text: string): { lines: unknown[]; validBytes: number } {
  const lines: unknown[] = [];
  let position = 0;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    if (newline < 0) break;
    const line = text.slice(position, newline);
    const space = line.indexOf(' ');
    const json = space === 8 ? line.slice(9) : null;
    if (json === null || checksum(json) !== line.slice(0, 8)) break;
    try {
      lines.push(JSON.parse(json));
    } catch {
      break;
    }
    position = newline + 1;
  }
  return { lines, validBytes: Buffer.byteLength(text.slice(0, position), 'utf8') };
}

export class JournalFile<T> {
  private constructor(
    private handle: FileHandle | null,
    readonly path: string,
  ) {}

  /** Replays the journal (creating it if missing), repairs a torn tail, and opens it for appending. */
  static async open<T>(
    path: string,
    parse: (value: unknown) => T,
  ): Promise<{ journal: JournalFile<T>; replay: JournalReplay<T> }> {
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const { lines, validBytes } = decodeJournal(bytes.toString('utf8'));
    const records: T[] = [];
    for (const line of lines) records.push(parse(line));
    const tornBytes = bytes.byteLength - validBytes;
    if (tornBytes > 0) await truncate(path, validBytes);
    const handle = await open(path, 'a', 0o600);
    if (bytes.byteLength === 0) await handle.sync();
    return { journal: new JournalFile<T>(handle, path), replay: { records, tornBytes } };
  }

  /** Resolves once the record is on disk. */
  async append(record: T): Promise<void> {
    if (!this.handle) throw new Error(`Journal ${this.path} is closed`);
    await this.handle.appendFile(encodeRecord(record), 'utf8');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
