/** Accounts, exams, candidate sessions, identity, incidents, V2 nonces and the webhook outbox. */
import { columnTypes } from '../dialect';
import type { VigilMigration } from './migration';

export const initialMigration: VigilMigration = {
  name: '0001-initial',
  async up(db, engine) {
    const types = columnTypes(engine);

    await db.schema
      .createTable('accounts')
      .addColumn('id', types.serial, (col) =>
        engine === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
      )
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('secret_ciphertext', 'text', (col) => col.notNull())
      .addColumn('previous_secret_ciphertext', 'text')
      .addColumn('previous_secret_expires_at', 'text')
      .addColumn('require_v2', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('webhook_url', 'text')
      .addColumn('webhook_incident_types', 'text', (col) => col.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('rotated_at', 'text')
      .execute();

    await db.schema
      .createTable('exams')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('mode', 'text', (col) => col.notNull())
      .addColumn('duration_minutes', 'integer', (col) => col.notNull())
      .addColumn('start_url', 'text', (col) => col.notNull())
      .addColumn('allowed_urls', 'text', (col) => col.notNull())
      .addColumn('policy', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('exams_account_idx').on('exams').column('account_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('exam_id', 'text', (col) => col.notNull().references('exams.id'))
      .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
      .addColumn('external_user_id', 'text', (col) => col.notNull())
      .addColumn('user_name', 'text', (col) => col.notNull())
      .addColumn('user_email', 'text')
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('auth_score', types.double)
      .addColumn('flagged_for_review', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('preview', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('launch_code_hash', 'text', (col) => col.unique())
      .addColumn('launch_code_expires_at', 'text')
      .addColumn('launched_at', 'text')
      .addColumn('session_key_id', 'text', (col) => col.unique())
      .addColumn('session_key_ciphertext', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('started_at', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('last_heartbeat_at', 'text')
      .addColumn('last_recording_offset_ms', 'integer')
      .addColumn('stop_reason', 'text')
      .addColumn('incidents_purged_at', 'text')
      .execute();
    await db.schema.createIndex('sessions_exam_idx').on('sessions').column('exam_id').execute();
    await db.schema.createIndex('sessions_state_idx').on('sessions').columns(['state', 'launched_at']).execute();
    await db.schema
      .createIndex('sessions_ended_idx')
      .on('sessions')
      .columns(['ended_at', 'incidents_purged_at'])
      .execute();

    await db.schema
      .createTable('session_faces')
      .addColumn('session_id', 'text', (col) => col.primaryKey().references('sessions.id').onDelete('cascade'))
      .addColumn('reference_photo', types.bytes)
      .addColumn('reference_embedding', 'text')
      .addColumn('enrolment_embedding', 'text')
      .addColumn('enrolled_at', 'text')
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('identity_checks')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('client_similarity', types.double, (col) => col.notNull())
      .addColumn('client_passed', 'integer', (col) => col.notNull())
      .addColumn('server_similarity', types.double)
      .addColumn('server_passed', 'integer', (col) => col.notNull())
      .addColumn('agreed', 'integer', (col) => col.notNull())
      .addColumn('liveness', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('identity_checks_session_idx').on('identity_checks').column('session_id').execute();

    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('severity', 'text', (col) => col.notNull())
      .addColumn('occurred_at', 'text', (col) => col.notNull())
      .addColumn('recorded_at', 'text', (col) => col.notNull())
      .addColumn('recording_offset_ms', 'integer')
      .addColumn('details', 'text', (col) => col.notNull())
      .addColumn('client_id', 'text')
      .addColumn('source', 'text', (col) => col.notNull())
      .addUniqueConstraint('incidents_client_id_unique', ['session_id', 'client_id'])
      .execute();
    await db.schema
      .createIndex('incidents_session_idx')
      .on('incidents')
      .columns(['session_id', 'occurred_at'])
      .execute();

    await db.schema
      .createTable('nonces')
      .addColumn('key_id', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('nonces_pk', ['key_id', 'nonce'])
      .execute();
    await db.schema.createIndex('nonces_expires_idx').on('nonces').column('expires_at').execute();

    await db.schema
      .createTable('webhook_outbox')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'integer', (col) => col.notNull().references('accounts.id'))
      .addColumn('session_id', 'text', (col) => col.notNull())
      .addColumn('incident_id', 'text', (col) => col.notNull())
      .addColumn('url', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('triggered_at', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (col) => col.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claim_expires_at', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_outbox_due_idx')
      .on('webhook_outbox')
      .columns(['status', 'next_attempt_at'])
      .execute();
  },
};
