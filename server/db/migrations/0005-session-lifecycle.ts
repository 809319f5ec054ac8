/**
 * The service's own view of a session's life: when its heartbeats were lost (DISCONNECTED until
 * CONNECTED), when it began waiting for approval and whether that wait was reported, and its own
 * quit password (sealed for the institution, and the scrypt verifier the approved client gets).
 * Exam policies no longer carry an exam-wide quit password hash: it is removed from stored ones.
 */
import type { Kysely } from 'kysely';
import type { VigilMigration } from './migration';

export const sessionLifecycleMigration: VigilMigration = {
  name: '0005-session-lifecycle',
  async up(db) {
    await db.schema.alterTable('sessions').addColumn('disconnected_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('approval_requested_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('waiting_alerted_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('quit_password_ciphertext', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('quit_password_verifier', 'text').execute();
    await stripExamQuitPasswords(db as Kysely<ExamsOnly>);
  },
};

interface ExamsOnly {
  exams: { id: string; policy: string };
}

/** An exam-wide hash would otherwise still reach every approved candidate's machine. */
async function stripExamQuitPasswords(db: Kysely<ExamsOnly>): Promise<void> {
  const exams = await db
    .selectFrom('exams')
    .select(['id', 'policy'])
    .where('policy', 'like', '%quitPasswordHash%')
    .execute();
  for (const exam of exams) {
    const policy = JSON.parse(exam.policy) as Record<string, unknown>;
    delete policy.quitPasswordHash;
    await db
      .updateTable('exams')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', exam.id)
      .execute();
  }
}
