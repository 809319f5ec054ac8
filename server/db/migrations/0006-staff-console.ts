/**
 * The staff console's first tables: staff users of an account, their one-time invitations (hashes
 * only), console sessions (hashes of the cookie tokens), failed sign-ins for the lockout, and the
 * audit log. Later sign-in methods (passkeys, OIDC) add their own credential tables beside these.
 */
import { sql } from 'kysely';
import type { VigilMigration } from './migration';

export const staffConsoleMigration: VigilMigration = {
  name: '0006-staff-console',
  async up(db) {
    await db.schema
      .createTable('staff_users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
      // Stored lower-cased, so the unique index below is case-insensitive on both engines.
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('display_name', 'text', (col) => col.notNull())
      .addColumn('roles', 'text', (col) => col.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('staff_users_account_email_idx')
      .on('staff_users')
      .columns(['account_id', 'email'])
      .unique()
      .execute();

    await db.schema
      .createTable('staff_invitations')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('staff_user_id', 'text', (col) => col.notNull().references('staff_users.id'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('used_at', 'text')
      .execute();

    await db.schema
      .createTable('console_sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('staff_user_id', 'text', (col) => col.notNull().references('staff_users.id'))
      .addColumn('csrf_token', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('console_sessions_user_idx').on('console_sessions').column('staff_user_id').execute();

    // One row per failed sign-in; the lockout counts rows by email (per account) and by address.
    await db.schema
      .createTable('staff_sign_in_failures')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'integer', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('ip', 'text', (col) => col.notNull())
      .addColumn('at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('staff_sign_in_failures_email_idx')
      .on('staff_sign_in_failures')
      .columns(['account_id', 'email', 'at'])
      .execute();
    await db.schema
      .createIndex('staff_sign_in_failures_ip_idx')
      .on('staff_sign_in_failures')
      .columns(['ip', 'at'])
      .execute();

    await db.schema
      .createTable('audit_log')
      // `<at>~<random>`: text order is time order, so the id is also the pagination cursor.
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
      .addColumn('staff_user_id', 'text')
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('target_type', 'text')
      .addColumn('target_id', 'text')
      .addColumn('details', 'text', (col) => col.notNull().defaultTo(sql.lit('{}')))
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('audit_log_account_idx').on('audit_log').columns(['account_id', 'id']).execute();
  },
};
