/**
 * Crash consistency: tus upload bookkeeping moves into the database (one transactional row per
 * upload instead of a `<id>.json` file rewritten in place), seekable copies get renewable leases
 * held by a named worker, and the launch remembers the idempotency key of the attempt that spent the code.
 */
import type { VigilMigration } from './migration';

export const crashConsistencyMigration: VigilMigration = {
  name: '0003-crash-consistency',
  async up(db) {
    await db.schema
      .createTable('tus_uploads')
      // The tus upload id (the recording id, or the S3 key for the S3 store).
      .addColumn('id', 'text', (col) => col.primaryKey())
      // The tus `Upload` as JSON: size (absent while deferred), metadata, creation date.
      .addColumn('upload', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema.alterTable('recordings').addColumn('seekable_claimed_by', 'text').execute();
    await db.schema.alterTable('recordings').addColumn('seekable_lease_expires_at', 'text').execute();

    // SHA-256 of the client's idempotency key for the launch that spent the code.
    await db.schema.alterTable('sessions').addColumn('launch_idempotency_hash', 'text').execute();
  },
};
