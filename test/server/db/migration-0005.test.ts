/**
 * Migration 0005 takes the exam-wide quit password hash out of stored policies: before it, every
 * approved candidate's client received that one hash, and cracking it on one machine opened them all.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../../../server/db/migrations/index';
import { examPolicySchema } from '../../../shared/policy';

it('strips quitPasswordHash from stored exam policies and keeps everything else', async () => {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
  try {
    const index = migrations.findIndex((migration) => migration.name === '0005-session-lifecycle');
    expect(index).toBeGreaterThan(0);
    for (const migration of migrations.slice(0, index)) await migration.up(db, 'sqlite');
    await sql`insert into accounts (name, secret_ciphertext, created_at) values ('A', 'x', '2026-01-01T00:00:00.000Z')`.execute(
      db,
    );
    const policy = { allowedDisplays: 2, quitPasswordHash: 'scrypt$16384$c2FsdA==$aGFzaA==' };
    const plain = { allowedDisplays: 1 };
    for (const [id, stored] of [
      ['with-hash', policy],
      ['without', plain],
    ] as const) {
      await sql`insert into exams (id, account_id, title, mode, duration_minutes, start_url, allowed_urls, policy, created_at)
        values (${id}, 1, 'T', 'recording', 30, 'https://x', '[]', ${JSON.stringify(stored)}, '2026-01-01T00:00:00.000Z')`.execute(
        db,
      );
    }

    await migrations[index]!.up(db, 'sqlite');

    const rows = await sql<{ id: string; policy: string }>`select id, policy from exams order by id`.execute(db);
    const byId = Object.fromEntries(rows.rows.map((row) => [row.id, JSON.parse(row.policy) as object]));
    expect(byId['with-hash']).toEqual({ allowedDisplays: 2 });
    expect(byId.without).toEqual(plain);
    expect(examPolicySchema.parse(byId['with-hash']).quitPasswordHash).toBeUndefined();
  } finally {
    await db.destroy();
  }
});
