/** Recordings uploaded over tus: one row per upload, bound to its session; the bytes live in the recording store. */
import type { VigilMigration } from './migration';

export const recordingsMigration: VigilMigration = {
  name: '0002-recordings',
  async up(db) {
    await db.schema
      .createTable('recordings')
      // The client's recording id, which is also the tus upload id and the key in the store.
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('mime_type', 'text', (col) => col.notNull())
      .addColumn('started_at', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('size_bytes', 'bigint')
      .addColumn('sha256', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('duration_ms', 'bigint')
      // none → pending → processing → ready | failed
      .addColumn('seekable_status', 'text', (col) => col.notNull().defaultTo('none'))
      .addColumn('seekable_size_bytes', 'bigint')
      .addColumn('seekable_claimed_at', 'text')
      .execute();
    await db.schema.createIndex('recordings_session_idx').on('recordings').column('session_id').execute();
    await db.schema
      .createIndex('recordings_seekable_idx')
      .on('recordings')
      .columns(['seekable_status', 'seekable_claimed_at'])
      .execute();
  },
};
