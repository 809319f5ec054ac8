/** Rows of the `recordings` table, with sizes as numbers whichever engine stored them. */
import type { RecordingKind } from '../../shared/api/recordings';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/schema';
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

/** What is known when an upload is created. */
export type NewRecording = Pick<
  StoredRecording,
  'id' | 'sessionId' | 'kind' | 'mimeType' | 'startedAt' | 'createdAt' | 'sizeBytes'
>;

const toNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function fromRow(row: RecordingRow): StoredRecording {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
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
  async insert(recording: NewRecording): Promise<boolean> {
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
        seekable_claimed_by: null,
        seekable_lease_expires_at: null,
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

  /** Uploads the service accepted that have not been finalized. */
  async listUnfinishedIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('recordings').select('id').where('completed_at', 'is', null).execute();
    return rows.map((row) => row.id);
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

  /** Complete recordings whose seekable copy is pending, or whose holder's lease has lapsed. */
  async listSeekableDue(now: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .select('id')
      .where((eb) => eb.or([eb('seekable_status', '=', 'pending'), this.lapsedLease(eb, now)]))
      .orderBy('completed_at')
      .execute();
    return rows.map((row) => row.id);
  }

  /** Seekable jobs being made under a live lease: their holders, to spot a dead one on this host. */
  async listSeekableHolders(now: string): Promise<Array<{ id: string; holder: string }>> {
    const rows = await this.db
      .selectFrom('recordings')
      .select(['id', 'seekable_claimed_by'])
      .where('seekable_status', '=', 'processing')
      .where('seekable_lease_expires_at', '>=', now)
      .execute();
    return rows.flatMap((row) => (row.seekable_claimed_by ? [{ id: row.id, holder: row.seekable_claimed_by }] : []));
  }

  /** Ends a dead holder's lease now, if it still holds it. */
  async expireSeekableLease(id: string, holder: string, now: string): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ seekable_lease_expires_at: now })
      .where('id', '=', id)
      .where('seekable_claimed_by', '=', holder)
      .execute();
  }

  /** Takes the seekable job for one worker: only one of several racing workers gets true. */
  async claimSeekable(id: string, workerId: string, now: string, leaseUntil: string): Promise<boolean> {
    const claimed = await this.db
      .updateTable('recordings')
      .set({
        seekable_status: 'processing',
        seekable_claimed_at: now,
        seekable_claimed_by: workerId,
        seekable_lease_expires_at: leaseUntil,
      })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('seekable_status', '=', 'pending'), this.lapsedLease(eb, now)]))
      .returning('id')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  /** Extends a lease its holder still has; false when it was lost (lapsed and taken). */
  async renewSeekableLease(id: string, workerId: string, leaseUntil: string): Promise<boolean> {
    const renewed = await this.db
      .updateTable('recordings')
      .set({ seekable_lease_expires_at: leaseUntil })
      .where('id', '=', id)
      .where('seekable_status', '=', 'processing')
      .where('seekable_claimed_by', '=', workerId)
      .returning('id')
      .executeTakeFirst();
    return renewed !== undefined;
  }

  private lapsedLease(eb: ExpressionBuilder<Database, 'recordings'>, now: string) {
    // A null lease is a claim made before leases existed (migration 0003): lapsed.
    return eb.and([
      eb('seekable_status', '=', 'processing'),
      eb.or([eb('seekable_lease_expires_at', 'is', null), eb('seekable_lease_expires_at', '<', now)]),
    ]);
  }

  /** Records the outcome if `workerId` still holds the job (a lost lease drops it: the new holder decides). */
  async finishSeekable(
    id: string,
    workerId: string,
    result: { status: 'ready' | 'failed'; durationMs: number | null; seekableSizeBytes: number | null },
  ): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({
        seekable_status: result.status,
        duration_ms: result.durationMs === null ? null : Math.round(result.durationMs),
        seekable_size_bytes: result.seekableSizeBytes,
        seekable_claimed_at: null,
        seekable_claimed_by: null,
        seekable_lease_expires_at: null,
      })
      .where('id', '=', id)
      .where('seekable_claimed_by', '=', workerId)
      .execute();
  }

  async deleteById(id: string): Promise<void> {
    await this.db.deleteFrom('recordings').where('id', '=', id).execute();
  }
}
