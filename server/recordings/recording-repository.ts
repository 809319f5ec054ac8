/** Rows of the `recordings` table, with sizes as numbers whichever engine stored them. */
import type { RecordingKind } from '../../shared/api/recordings';
import type { Db } from '../db/schema';
import type { RecordingRow, SeekableStatus } from './recordings-table';
import './recordings-table';

export interface StoredRecording {
  id: string;
  sessionId: string;
  kind: RecordingKind;
  mimeType: string;
  startedAt: string;
  createdAt: string;
  sizeBytes: number | null;
  sha256: string | null;
  completedAt: string | null;
  durationMs: number | null;
  seekableStatus: SeekableStatus;
  seekableSizeBytes: number | null;
}

const toNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function fromRow(row: RecordingRow): StoredRecording {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind as RecordingKind,
    mimeType: row.mime_type,
    startedAt: row.started_at,
    createdAt: row.created_at,
    sizeBytes: toNumber(row.size_bytes),
    sha256: row.sha256,
    completedAt: row.completed_at,
    durationMs: toNumber(row.duration_ms),
    seekableStatus: row.seekable_status,
    seekableSizeBytes: toNumber(row.seekable_size_bytes),
  };
}

export class RecordingRepository {
  constructor(private readonly db: Db) {}

  /** False when a row with this id already exists (the upload was created before). */
  async insert(recording: {
    id: string;
    sessionId: string;
    kind: RecordingKind;
    mimeType: string;
    startedAt: string;
    createdAt: string;
    sizeBytes: number | null;
  }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('recordings')
      .values({
        id: recording.id,
        session_id: recording.sessionId,
        kind: recording.kind,
        mime_type: recording.mimeType,
        started_at: recording.startedAt,
        created_at: recording.createdAt,
        size_bytes: recording.sizeBytes,
        sha256: null,
        completed_at: null,
        duration_ms: null,
        seekable_status: 'none',
        seekable_size_bytes: null,
        seekable_claimed_at: null,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async findById(id: string): Promise<StoredRecording | undefined> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async listForSession(sessionId: string): Promise<StoredRecording[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** The upload is whole: its size and SHA-256 are final, and its seekable copy is due. */
  async markComplete(id: string, done: { sizeBytes: number; sha256: string; completedAt: string }): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({
        size_bytes: done.sizeBytes,
        sha256: done.sha256,
        completed_at: done.completedAt,
        seekable_status: 'pending',
      })
      .where('id', '=', id)
      .execute();
  }

  /** Complete recordings whose seekable copy is pending, or whose claim went stale (an instance died). */
  async listSeekableDue(staleBefore: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('seekable_status', '=', 'pending'),
          eb.and([eb('seekable_status', '=', 'processing'), eb('seekable_claimed_at', '<', staleBefore)]),
        ]),
      )
      .orderBy('completed_at')
      .execute();
    return rows.map((row) => row.id);
  }

  /** Takes the seekable job for one instance: only one of several racing instances gets true. */
  async claimSeekable(id: string, now: string, staleBefore: string): Promise<boolean> {
    const claimed = await this.db
      .updateTable('recordings')
      .set({ seekable_status: 'processing', seekable_claimed_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('seekable_status', '=', 'pending'),
          eb.and([eb('seekable_status', '=', 'processing'), eb('seekable_claimed_at', '<', staleBefore)]),
        ]),
      )
      .returning('id')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  async finishSeekable(
    id: string,
    result: { status: 'ready' | 'failed'; durationMs: number | null; seekableSizeBytes: number | null },
  ): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({
        seekable_status: result.status,
        duration_ms: result.durationMs === null ? null : Math.round(result.durationMs),
        seekable_size_bytes: result.seekableSizeBytes,
        seekable_claimed_at: null,
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteById(id: string): Promise<void> {
    await this.db.deleteFrom('recordings').where('id', '=', id).execute();
  }
}
