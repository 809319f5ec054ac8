/**
 * Opens the service's one data layer: SQLite in the data directory by default (WAL, so readers
 * never wait for the writer), PostgreSQL when a postgres:// URL is given. Migrations run on open.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import { ensurePrivateDirectory, ensurePrivateFile, tightenExistingFiles } from '../lib/private-files';
import { isPostgresUrl, type SqlEngine } from './dialect';
import { migrations } from './migrations/index';
import type { Database } from './schema';

export interface DatabaseOptions {
  dataDir: string;
  /** postgres://… selects PostgreSQL; absent selects `<dataDir>/vigil.sqlite`. */
  databaseUrl?: string | undefined;
  /** Told when an idle PostgreSQL connection dies (the pool replaces it). */
  onConnectionError?: ((error: Error) => void) | undefined;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: SqlEngine;
  /** Where the data lives, for logs (a file path or the URL without its password). */
  location: string;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'vigil.sqlite';

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const opened = isPostgresUrl(options.databaseUrl)
    ? openPostgres(options.databaseUrl, options.onConnectionError)
    : openSqlite(options.dataDir);
  try {
    await migrateToLatest(opened.db, opened.engine);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  return { ...opened, close: () => opened.db.destroy() };
}

function openSqlite(dataDir: string): Omit<OpenDatabase, 'close'> {
  ensurePrivateDirectory(dataDir);
  const file = join(dataDir, SQLITE_FILE_NAME);
  // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
  ensurePrivateFile(file);
  tightenExistingFiles([`${file}-wal`, `${file}-shm`]);
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  // Another process (the CLI, a second instance) may hold the write lock for a moment.
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), engine: 'sqlite', location: file };
}

function openPostgres(
  databaseUrl: string,
  onConnectionError: ((error: Error) => void) | undefined,
): Omit<OpenDatabase, 'close'> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle pooled connection that dies (PostgreSQL restarting, a failover) is an 'error' on the
  // pool, which would crash the process unheard. The pool drops that connection and the next query
  // opens a new one; only the requests that met the outage fail (500, retried by the client).
  pool.on('error', (error) => onConnectionError?.(error));
  const location = databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres', location };
}

async function migrateToLatest(db: Kysely<Database>, engine: SqlEngine): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const byName: Record<string, Migration> = {};
      for (const migration of migrations) byName[migration.name] = { up: (database) => migration.up(database, engine) };
      return byName;
    },
  };
  // Kysely looks for its bookkeeping tables in every schema; on PostgreSQL pin them to ours
  // (the first on search_path), or another schema's tables would be taken for ours.
  const migrationTableSchema =
    engine === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const { error, results } = await new Migrator({
    db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
