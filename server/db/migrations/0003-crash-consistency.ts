/**
 * Crash consistency: seekable copies get renewable leases held by a named worker, and the launch
 * remembers the idempotency key of the attempt that spent the code.
 */
import type { VigilMigration } from './migration';

export const crashConsistencyMigration: VigilMigration = {
  name: '0003-crash-consistency',
  async up(db) {
    await db.schema.alterTable('recordings').addColumn('seekable_claimed_by', 'text').execute();
    await db.schema.alterTable('recordings').addColumn('seekable_lease_expires_at', 'text').execute();

    // SHA-256 of the client's idempotency key for the launch that spent the code.
    await db.schema.alterTable('sessions').addColumn('launch_idempotency_hash', 'text').execute();
  },
};
