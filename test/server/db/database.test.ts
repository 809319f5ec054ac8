/** The data layer: migrations apply once, SQLite runs in WAL mode, and no secret is stored in the clear. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, openDatabase } from '../../../server/db/database';
import { migrations } from '../../../server/db/migrations/index';
import {
  createTestDatabase,
  describeEachBackend,
  startTestService,
  type TestDatabase,
} from '../../support/service-harness';

describeEachBackend('database', (backend) => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.dispose();
  });

  it('applies each migration once, however often it is opened', async () => {
    const database = await createTestDatabase(backend);
    databases.push(database);
    for (let i = 0; i < 2; i += 1) {
      const opened = await openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(opened.db);
      expect(applied.rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
      expect(opened.engine).toBe(backend);
      await opened.close();
    }
  });

  it('keeps account and session secrets sealed', async () => {
    const database = await createTestDatabase(backend);
    databases.push(database);
    const service = await startTestService(backend, {}, database);
    const { secretKey } = await service.app.services.accounts.create({ name: 'Sealed' });
    const rows = await service.app.database.db.selectFrom('accounts').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secretKey);
    await service.close();
    if (backend === 'sqlite') {
      // Not in the file either (the WAL is checkpointed on close).
      expect(readFileSync(join(database.dataDir, SQLITE_FILE_NAME)).includes(Buffer.from(secretKey))).toBe(false);
    }
  });

  if (backend === 'sqlite') {
    it('runs SQLite in WAL mode', async () => {
      const database = await createTestDatabase(backend);
      databases.push(database);
      const opened = await openDatabase({ dataDir: database.dataDir });
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(opened.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      await opened.close();
    });
  }
});
