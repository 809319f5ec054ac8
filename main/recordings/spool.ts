/**
 * The recording spool: every chunk from the renderer is sealed (AES-256-GCM), appended to a segment
 * file and fsynced, then journaled and fsynced, and only then acknowledged. After a crash the journal
 * says exactly which bytes are safe; anything written after the last whole journal record is cut off.
 *
 * Layout under the spool directory:
 *   recordings/<recordingId>/journal.log        begin, chunk, end and confirmed records
 *   recordings/<recordingId>/segment-000001.bin sealed chunks, back to back
 *   sessions/<sessionId>.vault                  data key and upload credentials (see keyring/key-vault.ts)
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, open, readdir, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingKind } from '../../shared/api/recordings';
import { openChunk, sealChunk } from './chunk-cipher';
import { fsyncDirectory } from '../../shared/node/durable-fs';
import { JournalFile } from './journal-file';
import { SerialQueue } from './serial-queue';
import type { KeyVault } from '../keyring/key-vault';
import { spoolRecordSchema, type BeginRecord, type ChunkRecord, type SpoolRecord } from './spool-records';

export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
const JOURNAL_NAME = 'journal.log';
const SEGMENT_PATTERN = /^segment-(\d{6})\.bin$/;
const RECORDING_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SpoolOptions {
  directory: string;
  vault: KeyVault;
  /** A segment is closed and a new one started once it holds this many sealed bytes. */
  segmentBytes?: number;
  now?: () => Date;
}

export interface RecordingSnapshot {
  recordingId: string;
  sessionId: string;
  kind: RecordingKind;
  mimeType: string;
  startedAt: string;
  spooledBytes: number;
  confirmedOffset: number;
  ended: boolean;
  /** The recording's SHA-256, known when this process spooled it from the first chunk to the end. */
  sha256: string | null;
}

export interface SpoolRecovery {
  /** Recordings a crash left open: ended now with the bytes the journal vouches for. */
  recovered: string[];
  /** Recordings whose data can no longer be read (no key after a restart), removed. */
  discarded: { recordingId: string; reason: string }[];
  /** Journals whose last record was torn by the crash. */
  tornJournals: number;
}

export class SpoolError extends Error {
  constructor(
    readonly code: 'unknown_recording' | 'out_of_order' | 'ended' | 'data_lost' | 'corrupt' | 'no_key',
    message: string,
  ) {
    super(message);
    this.name = 'SpoolError';
  }
}

interface SegmentWriter {
  segment: number;
  handle: FileHandle;
  size: number;
}

interface RecordingState {
  begin: BeginRecord;
  directory: string;
  journal: JournalFile<SpoolRecord>;
  dataKey: Buffer;
  /** Chunks whose segment is still on disk, in order. */
  chunks: ChunkRecord[];
  spooledBytes: number;
  nextSequence: number;
  ended: boolean;
  sha256: string | null;
  confirmedOffset: number;
  /** Running hash of the whole recording; null when the process did not see it from the start. */
  hash: Hash | null;
  /** Journaled length of each segment that still exists. */
  segmentSizes: Map<number, number>;
  writer: SegmentWriter | null;
  queue: SerialQueue;
}

type SpoolEvents = { changed: [recordingId: string] };

export class Spool extends EventEmitter<SpoolEvents> {
  private readonly recordingsById = new Map<string, RecordingState>();
  private readonly segmentBytes: number;
  private readonly now: () => Date;

  private constructor(private readonly options: SpoolOptions) {
    super();
    this.segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.now = options.now ?? (() => new Date());
  }

  get directory(): string {
    return this.options.directory;
  }

  /** Opens the spool and replays every recording's journal; recordings left open by a crash are ended. */
  static async open(options: SpoolOptions): Promise<{ spool: Spool; recovery: SpoolRecovery }> {
    const spool = new Spool(options);
    const recovery: SpoolRecovery = { recovered: [], discarded: [], tornJournals: 0 };
    await mkdir(spool.recordingsDirectory, { recursive: true });
    for (const name of await readdir(spool.recordingsDirectory)) {
      if (!RECORDING_ID_PATTERN.test(name)) continue;
      await spool.replayRecording(name, recovery);
    }
    return { spool, recovery };
  }

  private get recordingsDirectory(): string {
    return join(this.options.directory, 'recordings');
  }

  private async replayRecording(recordingId: string, recovery: SpoolRecovery): Promise<void> {
    const directory = join(this.recordingsDirectory, recordingId);
    const { journal, replay } = await JournalFile.open(join(directory, JOURNAL_NAME), (value) =>
      spoolRecordSchema.parse(value),
    );
    if (replay.tornBytes > 0) recovery.tornJournals += 1;
    const [first] = replay.records;
    if (!first || first.type !== 'begin') {
      // The crash came before the begin record reached the disk: nothing was acknowledged.
      await journal.close();
      await rm(directory, { recursive: true, force: true });
      return;
    }
    const secrets = await this.options.vault.get(first.sessionId);
    if (!secrets) {
      await journal.close();
      await rm(directory, { recursive: true, force: true });
      recovery.discarded.push({ recordingId, reason: `no key for session ${first.sessionId} after restart` });
      return;
    }
    const state = this.newState(first, directory, journal, secrets.dataKey);
    state.hash = null;
    for (const record of replay.records.slice(1)) this.apply(state, record);
    await this.repairSegments(state);
    this.recordingsById.set(recordingId, state);
    if (!state.ended) {
      await this.appendEnd(state, true);
      recovery.recovered.push(recordingId);
    }
  }

  private newState(begin: BeginRecord, directory: string, journal: JournalFile<SpoolRecord>, dataKey: Buffer) {
    const state: RecordingState = {
      begin,
      directory,
      journal,
      dataKey,
      chunks: [],
      spooledBytes: 0,
      nextSequence: 0,
      ended: false,
      sha256: null,
      confirmedOffset: 0,
      hash: createHash('sha256'),
      segmentSizes: new Map(),
      writer: null,
      queue: new SerialQueue(),
    };
    return state;
  }

  /** Folds one journal record into the state (used by replay and after each append). */
  private apply(state: RecordingState, record: SpoolRecord): void {
    switch (record.type) {
      case 'begin':
        return;
      case 'chunk':
        state.chunks.push(record);
        state.spooledBytes = record.end;
        state.nextSequence = record.sequence + 1;
        state.segmentSizes.set(
          record.segment,
          Math.max(state.segmentSizes.get(record.segment) ?? 0, record.segmentOffset + record.storedBytes),
        );
        return;
      case 'end':
        state.ended = true;
        state.sha256 = record.sha256;
        return;
      case 'confirmed':
        state.confirmedOffset = Math.max(state.confirmedOffset, record.offset);
        return;
    }
  }

  /** Cuts bytes written after the last journal record, removes unreferenced segments, forgets deleted ones. */
  private async repairSegments(state: RecordingState): Promise<void> {
    const present = new Set<number>();
    for (const name of await readdir(state.directory)) {
      const match = SEGMENT_PATTERN.exec(name);
      if (!match) continue;
      const segment = Number(match[1]);
      const journaled = state.segmentSizes.get(segment);
      const path = join(state.directory, name);
      if (journaled === undefined) {
        await rm(path, { force: true });
        continue;
      }
      const { size } = await stat(path);
      if (size > journaled) await truncate(path, journaled);
      present.add(segment);
    }
    for (const segment of [...state.segmentSizes.keys()]) {
      if (!present.has(segment)) state.segmentSizes.delete(segment);
    }
    state.chunks = state.chunks.filter((chunk) => present.has(chunk.segment));
  }

  async begin(input: { sessionId: string; kind: RecordingKind; mimeType: string }): Promise<RecordingSnapshot> {
    const secrets = await this.options.vault.get(input.sessionId);
    if (!secrets) throw new SpoolError('no_key', `No secrets opened for session ${input.sessionId}`);
    const recordingId = randomUUID();
    const directory = join(this.recordingsDirectory, recordingId);
    await mkdir(directory, { recursive: true });
    await fsyncDirectory(this.recordingsDirectory);
    const { journal } = await JournalFile.open(join(directory, JOURNAL_NAME), (value) =>
      spoolRecordSchema.parse(value),
    );
    await fsyncDirectory(directory);
    const begin: BeginRecord = {
      type: 'begin',
      recordingId,
      sessionId: input.sessionId,
      kind: input.kind,
      mimeType: input.mimeType,
      startedAt: this.now().toISOString(),
    };
    await journal.append(begin);
    const state = this.newState(begin, directory, journal, secrets.dataKey);
    this.recordingsById.set(recordingId, state);
    this.emit('changed', recordingId);
    return this.snapshotOf(state);
  }

  /**
   * Resolves after the chunk's sealed bytes and its journal record are both fsynced.
   * A chunk re-sent with a sequence already spooled is acknowledged again if its bytes match.
   */
  append(recordingId: string, sequence: number, data: Uint8Array): Promise<{ sequence: number; spooledBytes: number }> {
    const state = this.stateOf(recordingId);
    return state.queue.run(async () => {
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (sequence < state.nextSequence) {
        // A re-send after a lost acknowledgement. Once its segment is uploaded and gone it cannot be compared.
        const earlier = state.chunks.find((chunk) => chunk.sequence === sequence);
        if (!earlier || earlier.sha256 === sha256) return { sequence, spooledBytes: state.spooledBytes };
        throw new SpoolError('out_of_order', `Chunk ${sequence} was already spooled with other bytes`);
      }
      if (state.ended) throw new SpoolError('ended', `Recording ${recordingId} has ended`);
      if (sequence !== state.nextSequence) {
        throw new SpoolError('out_of_order', `Expected chunk ${state.nextSequence}, got ${sequence}`);
      }
      const sealed = sealChunk(state.dataKey, recordingId, sequence, data);
      const writer = await this.writerFor(state, sealed.byteLength);
      await writer.handle.write(sealed, 0, sealed.byteLength, writer.size);
      await writer.handle.datasync();
      const record: ChunkRecord = {
        type: 'chunk',
        recordingId,
        kind: state.begin.kind,
        sequence,
        segment: writer.segment,
        segmentOffset: writer.size,
        storedBytes: sealed.byteLength,
        start: state.spooledBytes,
        end: state.spooledBytes + data.byteLength,
        sha256,
      };
      await state.journal.append(record);
      writer.size += sealed.byteLength;
      state.hash?.update(data);
      this.apply(state, record);
      this.emit('changed', recordingId);
      return { sequence, spooledBytes: state.spooledBytes };
    });
  }

  private async writerFor(state: RecordingState, nextBytes: number): Promise<SegmentWriter> {
    const current = state.writer;
    if (current && (current.size === 0 || current.size + nextBytes <= this.segmentBytes)) return current;
    if (current) await current.handle.close();
    const last = Math.max(0, ...state.segmentSizes.keys(), ...state.chunks.map((chunk) => chunk.segment));
    const segment = last + 1;
    const handle = await open(join(state.directory, segmentName(segment)), 'w', 0o600);
    await fsyncDirectory(state.directory);
    state.writer = { segment, handle, size: 0 };
    return state.writer;
  }

  end(recordingId: string): Promise<RecordingSnapshot> {
    const state = this.stateOf(recordingId);
    return state.queue.run(async () => {
      if (!state.ended) await this.appendEnd(state, false);
      return this.snapshotOf(state);
    });
  }

  private async appendEnd(state: RecordingState, recovered: boolean): Promise<void> {
    const sha256 = state.hash ? state.hash.digest('hex') : null;
    state.hash = null;
    const record: SpoolRecord = {
      type: 'end',
      recordingId: state.begin.recordingId,
      totalBytes: state.spooledBytes,
      sha256,
      recovered,
    };
    await state.journal.append(record);
    this.apply(state, record);
    await state.writer?.handle.close();
    state.writer = null;
    this.emit('changed', state.begin.recordingId);
  }

  snapshot(recordingId: string): RecordingSnapshot | null {
    const state = this.recordingsById.get(recordingId);
    return state ? this.snapshotOf(state) : null;
  }

  recordings(): RecordingSnapshot[] {
    return [...this.recordingsById.values()].map((state) => this.snapshotOf(state));
  }

  /**
   * Plaintext bytes of the recording from `offset`, at most `maxBytes` (never less than the rest of the
   * chunk holding `offset`, so a resumed upload always moves). Every chunk is authenticated and its
   * SHA-256 checked against the journal before a byte of it is returned.
   */
  async read(recordingId: string, offset: number, maxBytes: number): Promise<Buffer> {
    const state = this.stateOf(recordingId);
    const startIndex = state.chunks.findIndex((chunk) => chunk.end > offset);
    if (startIndex < 0) return Buffer.alloc(0);
    const first = state.chunks[startIndex]!;
    if (first.start > offset) {
      throw new SpoolError('data_lost', `Bytes from ${offset} of ${recordingId} are no longer spooled`);
    }
    const parts: Buffer[] = [];
    let length = 0;
    for (let index = startIndex; index < state.chunks.length; index++) {
      const chunk = state.chunks[index]!;
      if (length > 0 && length + (chunk.end - chunk.start) > maxBytes) break;
      const plain = await this.readChunk(state, chunk);
      const part = chunk.start < offset ? plain.subarray(offset - chunk.start) : plain;
      parts.push(part);
      length += part.byteLength;
    }
    return Buffer.concat(parts);
  }

  private async readChunk(state: RecordingState, chunk: ChunkRecord): Promise<Buffer> {
    const handle = await open(join(state.directory, segmentName(chunk.segment)), 'r');
    let sealed: Buffer;
    try {
      sealed = Buffer.alloc(chunk.storedBytes);
      const { bytesRead } = await handle.read(sealed, 0, chunk.storedBytes, chunk.segmentOffset);
      if (bytesRead !== chunk.storedBytes) {
        throw new SpoolError('corrupt', `Segment ${chunk.segment} of ${chunk.recordingId} is short`);
      }
    } finally {
      await handle.close();
    }
    const plain = openChunk(state.dataKey, chunk.recordingId, chunk.sequence, sealed);
    if (createHash('sha256').update(plain).digest('hex') !== chunk.sha256) {
      throw new SpoolError(
        'corrupt',
        `Chunk ${chunk.sequence} of ${chunk.recordingId} does not match its journal hash`,
      );
    }
    return plain;
  }

  /**
   * Records that the service holds (and has hash-checked) the bytes below `offset`, then deletes
   * the segments whose every byte is below it. The record is on disk before any file goes.
   */
  confirm(recordingId: string, offset: number): Promise<void> {
    const state = this.stateOf(recordingId);
    return state.queue.run(async () => {
      if (offset <= state.confirmedOffset) return;
      const record: SpoolRecord = { type: 'confirmed', recordingId, offset: Math.min(offset, state.spooledBytes) };
      await state.journal.append(record);
      this.apply(state, record);
      const lastEnd = new Map<number, number>();
      for (const chunk of state.chunks) lastEnd.set(chunk.segment, chunk.end);
      const removable = [...lastEnd]
        .filter(([segment, end]) => end <= state.confirmedOffset && segment !== state.writer?.segment)
        .map(([segment]) => segment);
      for (const segment of removable) {
        await rm(join(state.directory, segmentName(segment)), { force: true });
        state.segmentSizes.delete(segment);
      }
      const removed = new Set(removable);
      state.chunks = state.chunks.filter((chunk) => !removed.has(chunk.segment));
      this.emit('changed', recordingId);
    });
  }

  /** Forgets a recording entirely (the service confirmed all of it, or it can no longer be read). */
  remove(recordingId: string): Promise<void> {
    const state = this.stateOf(recordingId);
    return state.queue.run(async () => {
      await state.writer?.handle.close();
      state.writer = null;
      await state.journal.close();
      await rm(state.directory, { recursive: true, force: true });
      this.recordingsById.delete(recordingId);
      this.emit('changed', recordingId);
    });
  }

  async close(): Promise<void> {
    for (const state of this.recordingsById.values()) {
      await state.queue.run(async () => {
        await state.writer?.handle.close();
        state.writer = null;
        await state.journal.close();
      });
    }
    this.recordingsById.clear();
  }

  private stateOf(recordingId: string): RecordingState {
    const state = this.recordingsById.get(recordingId);
    if (!state) throw new SpoolError('unknown_recording', `No spooled recording ${recordingId}`);
    return state;
  }

  private snapshotOf(state: RecordingState): RecordingSnapshot {
    return {
      recordingId: state.begin.recordingId,
      sessionId: state.begin.sessionId,
      kind: state.begin.kind,
      mimeType: state.begin.mimeType,
      startedAt: state.begin.startedAt,
      spooledBytes: state.spooledBytes,
      confirmedOffset: state.confirmedOffset,
      ended: state.ended,
      sha256: state.sha256,
    };
  }
}

function segmentName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.bin`;
}
