/**
 * The `recordings` table (migration 0002-recordings). Declared here and merged into the service's
 * `Database` interface, so the data layer sees it without this area editing db/schema.ts.
 */
import type { Selectable } from 'kysely';
import type { RecordingKind } from '../../shared/api/recordings';

export type SeekableStatus = 'none' | 'pending' | 'processing' | 'ready' | 'failed';

export interface RecordingsTable {
  id: string;
  session_id: string;
  kind: RecordingKind;
  mime_type: string;
  started_at: string;
  created_at: string;
  /** bigint: PostgreSQL hands these back as strings, the repository turns them into numbers. */
  size_bytes: number | string | null;
  sha256: string | null;
  completed_at: string | null;
  duration_ms: number | string | null;
  seekable_status: SeekableStatus;
  seekable_size_bytes: number | string | null;
  seekable_claimed_at: string | null;
  /** The worker holding the seekable job, and until when (renewed while it copies; migration 0003). */
  seekable_claimed_by: string | null;
  seekable_lease_expires_at: string | null;
}

export type RecordingRow = Selectable<RecordingsTable>;

declare module '../db/schema' {
  interface Database {
    recordings: RecordingsTable;
  }
}
