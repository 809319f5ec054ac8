/**
 * The exam service for server tests: buildApp on 127.0.0.1 port 0 over a real SQLite file in a
 * temp dir, or over a real PostgreSQL in a fresh schema (dropped afterwards) when TEST_DATABASE_URL
 * or DATABASE_URL is set. `describeEachBackend` runs a suite on both and says plainly when it skips one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { describe, it } from 'vitest';
import { buildApp, type AppOptions } from '../../server/app';
import { skipWithout } from './suite-requirement';

export const postgresUrl: string | undefined = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export type BackendName = 'sqlite' | 'postgres';

const MISSING_POSTGRES = 'neither TEST_DATABASE_URL nor DATABASE_URL is set (no PostgreSQL to test against)';
const SKIP_MESSAGE = `PostgreSQL tests skipped: ${MISSING_POSTGRES}`;

/** Runs `body` once per database; without a PostgreSQL URL the postgres run is a visible skip (a failure under CI=true). */
export function describeEachBackend(title: string, body: (backend: BackendName) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  if (!skipWithout(`${title} [postgres]`, postgresUrl ? null : MISSING_POSTGRES)) {
    describe(`${title} [postgres]`, () => body('postgres'));
  } else {
    describe.skip(`${title} [postgres]`, () => {
      it(SKIP_MESSAGE, () => undefined);
    });
  }
}

/** Runs a suite only on PostgreSQL (e.g. several instances sharing one database); says plainly when it skips. */
export function describePostgresOnly(title: string, body: () => void): void {
  describe.skipIf(skipWithout(title, postgresUrl ? null : MISSING_POSTGRES))(title, body);
}

export interface TestDatabase {
  dataDir: string;
  /** The postgres URL (with its own search_path) or undefined for SQLite in dataDir. */
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** A fresh place for the service's data: a temp dir, plus a new PostgreSQL schema for the postgres backend. */
export async function createTestDatabase(backend: BackendName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-service-'));
  const removeDataDir = async () => {
    // @tus/file-store's constructor starts an mkdir it does not await; let it land before the directory goes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (backend === 'sqlite') return { dataDir, databaseUrl: undefined, dispose: removeDataDir };
  if (!postgresUrl) throw new Error(SKIP_MESSAGE);
  const schema = `vigil_test_${randomBytes(6).toString('hex')}`;
  await withPostgres((client) => client.query(`create schema ${schema}`));
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      await withPostgres((client) => client.query(`drop schema if exists ${schema} cascade`));
      await removeDataDir();
    },
  };
}

async function withPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestService {
  app: FastifyInstance;
  baseUrl: string;
  database: TestDatabase;
  /** Moves the service's clock (signature dates, expiries, heartbeats, retention). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export async function startTestService(
  backend: BackendName,
  options: Partial<AppOptions> = {},
  database?: TestDatabase,
): Promise<TestService> {
  const db = database ?? (await createTestDatabase(backend));
  let offsetMs = 0;
  let app: FastifyInstance;
  try {
    app = await buildApp({
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      logger: false,
      backgroundJobs: false,
      launchRateLimit: { max: 10_000, timeWindowMs: 60_000 },
      // Suites that call the face routes many times on one session; the limits have their own tests.
      rateLimits: {
        session: { max: 100_000, timeWindowMs: 60_000 },
        sessionFace: { max: 10_000, timeWindowMs: 60_000 },
      },
      now: () => new Date(Date.now() + offsetMs),
      ...options,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    // Leave no schema or directory behind when the service cannot start.
    if (!database) await db.dispose();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The service did not bind a TCP port');
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    database: db,
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    close: async () => {
      await app.close();
      if (!database) await db.dispose();
    },
  };
}
