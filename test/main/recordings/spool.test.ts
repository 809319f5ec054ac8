import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecord } from '../../../main/recordings/journal-file';
import { KeyVault } from '../../../main/keyring/key-vault';
import { Spool, SpoolError } from '../../../main/recordings/spool';
import { createTestSafeStorage } from '../../support/recordings-safe-storage';

const sessionId = '0b5f3c8e-1111-4222-8333-444455556666';
const credentials = { sessionId, serviceUrl: 'http://127.0.0.1:1', keyId: 'sk_1', secretKey: 'secret' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('spool', () => {
  let directory: string;
  const safeStorage = createTestSafeStorage();
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-spool-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  async function openSpool(segmentBytes = 4096, storage = safeStorage) {
    const vault = new KeyVault(join(directory, 'sessions'), storage, 'linux');
    const opened = await Spool.open({ directory, vault, segmentBytes });
    return { vault, ...opened };
  }

  async function recordChunks(spool: Spool, vault: KeyVault, chunks: Buffer[]) {
    await vault.open(credentials);
    const { recordingId } = await spool.begin({ sessionId, kind: 'camera', mimeType: 'video/webm' });
    for (const [sequence, chunk] of chunks.entries()) await spool.append(recordingId, sequence, chunk);
    return recordingId;
  }

  const chunks = () => Array.from({ length: 10 }, (_, index) => randomBytes(1000 + index * 37));

  it('reads back exactly what was appended, across segments, and stores none of it in clear', async () => {
    const { spool, vault } = await openSpool();
    const data = chunks();
    const recordingId = await recordChunks(spool, vault, data);
    const ended = await spool.end(recordingId);
    const all = Buffer.concat(data);
    expect(ended.spooledBytes).toBe(all.byteLength);
    expect(ended.sha256).toBe(sha256(all));
    expect((await spool.read(recordingId, 0, Number.MAX_SAFE_INTEGER)).equals(all)).toBe(true);
    expect((await spool.read(recordingId, 1500, 1)).equals(all.subarray(1500, 2037))).toBe(true);

    const recordingDirectory = join(directory, 'recordings', recordingId);
    const segments = (await readdir(recordingDirectory)).filter((name) => name.startsWith('segment-'));
    expect(segments.length).toBeGreaterThan(1);
    for (const name of segments) {
      const stored = await readFile(join(recordingDirectory, name));
      expect(stored.includes(data[0]!.subarray(0, 32))).toBe(false);
    }
    await spool.close();
  });

  it('acknowledges a re-sent chunk again and refuses gaps and changed bytes', async () => {
    const { spool, vault } = await openSpool();
    const data = chunks();
    const recordingId = await recordChunks(spool, vault, data.slice(0, 3));
    await expect(spool.append(recordingId, 2, data[2]!)).resolves.toMatchObject({ sequence: 2 });
    await expect(spool.append(recordingId, 2, data[3]!)).rejects.toMatchObject({ code: 'out_of_order' });
    await expect(spool.append(recordingId, 5, data[5]!)).rejects.toMatchObject({ code: 'out_of_order' });
    await spool.end(recordingId);
    await expect(spool.append(recordingId, 3, data[3]!)).rejects.toMatchObject({ code: 'ended' });
    await spool.close();
  });

  it('after a crash, ends an open recording with every acknowledged byte', async () => {
    const first = await openSpool();
    const data = chunks();
    const recordingId = await recordChunks(first.spool, first.vault, data);
    // No end(), no close(): the process dies here.
    const second = await openSpool();
    expect(second.recovery.recovered).toEqual([recordingId]);
    const snapshot = second.spool.snapshot(recordingId)!;
    expect(snapshot).toMatchObject({ ended: true, spooledBytes: Buffer.concat(data).byteLength, sha256: null });
    expect((await second.spool.read(recordingId, 0, Infinity)).equals(Buffer.concat(data))).toBe(true);
    await second.spool.close();
    await first.spool.close();
  });

  it('drops a torn last journal record and the unjournaled bytes written before it', async () => {
    const first = await openSpool(1 << 20);
    const data = chunks();
    const recordingId = await recordChunks(first.spool, first.vault, data.slice(0, 4));
    await first.spool.close();
    const recordingDirectory = join(directory, 'recordings', recordingId);
    const segment = join(recordingDirectory, 'segment-000001.bin');
    const journaledSize = (await stat(segment)).size;
    // The crash hit while chunk 4 was being journaled: its bytes reached the segment, half its record the journal.
    await appendFile(segment, randomBytes(1500));
    const torn = encodeRecord({ type: 'chunk', recordingId, sequence: 4 }).slice(0, 30);
    await appendFile(join(recordingDirectory, 'journal.log'), torn);

    const second = await openSpool(1 << 20);
    expect(second.recovery.tornJournals).toBe(1);
    expect((await stat(segment)).size).toBe(journaledSize);
    expect(second.spool.snapshot(recordingId)).toMatchObject({
      ended: true,
      spooledBytes: Buffer.concat(data.slice(0, 4)).byteLength,
    });
    expect((await second.spool.read(recordingId, 0, Infinity)).equals(Buffer.concat(data.slice(0, 4)))).toBe(true);
    const journal = await readFile(join(recordingDirectory, 'journal.log'), 'utf8');
    expect(journal.endsWith('\n')).toBe(true);
    await second.spool.close();
  });

  it('deletes only segments the service has confirmed entirely, and survives a restart after it', async () => {
    const { spool, vault } = await openSpool(2500);
    const data = chunks();
    const recordingId = await recordChunks(spool, vault, data);
    await spool.end(recordingId);
    const recordingDirectory = join(directory, 'recordings', recordingId);
    const before = (await readdir(recordingDirectory)).filter((name) => name.startsWith('segment-')).length;
    const confirmed = data[0]!.byteLength + data[1]!.byteLength + 10;
    await spool.confirm(recordingId, confirmed);
    const after = (await readdir(recordingDirectory)).filter((name) => name.startsWith('segment-')).length;
    expect(after).toBe(before - 1);
    await expect(spool.read(recordingId, 0, 10)).rejects.toMatchObject({ code: 'data_lost' });
    const all = Buffer.concat(data);
    expect((await spool.read(recordingId, confirmed, Infinity)).equals(all.subarray(confirmed))).toBe(true);
    await spool.close();

    const reopened = await openSpool(2500);
    expect(reopened.spool.snapshot(recordingId)?.confirmedOffset).toBe(confirmed);
    expect((await reopened.spool.read(recordingId, confirmed, Infinity)).equals(all.subarray(confirmed))).toBe(true);
    await reopened.spool.close();
  });

  it('refuses to return a chunk whose sealed bytes were altered on disk', async () => {
    const { spool, vault } = await openSpool(1 << 20);
    const recordingId = await recordChunks(spool, vault, chunks().slice(0, 2));
    const segment = join(directory, 'recordings', recordingId, 'segment-000001.bin');
    const bytes = await readFile(segment);
    bytes[100]! ^= 0xff;
    await writeFile(segment, bytes);
    await expect(spool.read(recordingId, 0, Infinity)).rejects.toThrow(/failed authentication/);
    await spool.close();
  });

  it('discards recordings it cannot decrypt after a restart without a keyring', async () => {
    const plainText = createTestSafeStorage('basic_text');
    const first = await openSpool(4096, plainText);
    const recordingId = await recordChunks(first.spool, first.vault, chunks().slice(0, 2));
    await first.spool.close();
    const second = await openSpool(4096, plainText);
    expect(second.recovery.discarded).toEqual([{ recordingId, reason: expect.stringContaining('no key') }]);
    expect(second.spool.recordings()).toEqual([]);
    expect(await readdir(join(directory, 'recordings'))).toEqual([]);
    await second.spool.close();
  });

  it('refuses to begin a recording for a session whose secrets were not opened', async () => {
    const { spool } = await openSpool();
    await expect(spool.begin({ sessionId, kind: 'screen', mimeType: 'video/webm' })).rejects.toBeInstanceOf(SpoolError);
    await spool.close();
  });
});
