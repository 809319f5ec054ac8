/**
 * A webhook signing secret per account, apart from its API key, so a webhook receiver holds nothing
 * that can call the API. Existing accounts get none here (sealing needs the master key, which a
 * migration does not hold): they keep signing webhooks with their API key until the institution runs
 * `account rotate-webhook-secret` (documented in docs/service.md). Their `require_v2` stays as it was,
 * so integrations that sign with StartExam's V1 keep working; new accounts are created V2-only.
 */
import type { VigilMigration } from './migration';

export const signingHardeningMigration: VigilMigration = {
  name: '0004-signing-hardening',
  async up(db) {
    await db.schema.alterTable('accounts').addColumn('webhook_secret_ciphertext', 'text').execute();
    await db.schema.alterTable('accounts').addColumn('webhook_secret_rotated_at', 'text').execute();
  },
};
