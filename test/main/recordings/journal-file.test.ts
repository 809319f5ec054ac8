import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecord, JournalFile } from '../../../main/recordings/journal-file';

interface Entry {
  n: number;
  text: string;
}
const parse = (value: unknown) => value as Entry;

describe('journal file', () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-journal-'));
    path = join(directory, 'journal.log');
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  async function writeEntries(count: number): Promise<void> {
    const { journal } = await JournalFile.open(path, parse);
    for (let n = 0; n < count; n++) await journal.append({ n, text: `entry ${n}` });
    await journal.close();
  }

  it('replays what was appended, in order', async () => {
    await writeEntries(5);
    const { journal, replay } = await JournalFile.open(path, parse);
    await journal.close();
    expect(replay.records.map((entry) => entry.n)).toEqual([0, 1, 2, 3, 4]);
    expect(replay.tornBytes).toBe(0);
  });

  it('drops a torn last record (no newline), truncates it, and appends cleanly after it', async () => {
    await writeEntries(3);
    const whole = (await stat(path)).size;
    const torn = encodeRecord({ n: 3, text: 'entry 3' }).slice(0, 17);
    await appendFile(path, torn);
    const { journal, replay } = await JournalFile.open(path, parse);
    expect(replay.records.map((entry) => entry.n)).toEqual([0, 1, 2]);
    expect(replay.tornBytes).toBe(Buffer.byteLength(torn));
    expect((await stat(path)).size).toBe(whole);
    await journal.append({ n: 3, text: 'again' });
    await journal.close();
    const again = await JournalFile.open(path, parse);
    await again.journal.close();
    expect(again.replay.records.map((entry) => entry.text)).toEqual(['entry 0', 'entry 1', 'entry 2', 'again']);
  });

  it('drops a last record whose checksum does not match, even with its newline', async () => {
    await writeEntries(2);
    const line = encodeRecord({ n: 2, text: 'entry 2' }).replace('entry 2', 'entry X');
    await appendFile(path, line);
    const { journal, replay } = await JournalFile.open(path, parse);
    await journal.close();
    expect(replay.records).toHaveLength(2);
    expect(replay.tornBytes).toBe(Buffer.byteLength(line));
    expect((await readFile(path, 'utf8')).includes('entry X')).toBe(false);
  });

  it('creates a missing journal', async () => {
    const { journal, replay } = await JournalFile.open(path, parse);
    await journal.close();
    expect(replay.records).toEqual([]);
    expect((await stat(path)).size).toBe(0);
  });
});
