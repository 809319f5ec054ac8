/**
 * The service's costs, measured over real HTTP on 127.0.0.1: signed-request throughput against an
 * unsigned Fastify route in the same process and run (the ratio is what signing costs), and incident
 * ingestion on SQLite and, when TEST_DATABASE_URL or DATABASE_URL is set, on PostgreSQL; and the
 * signed-request fuzz (test/support/signing-fuzz.ts): how many mutated requests were refused, how fast.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app';
import { signRequestHeaders, type SigningScheme } from '../shared/signing/shared-key';
import type { LaunchResponse } from '../shared/api/client';
import { runSigningFuzz } from '../test/support/signing-fuzz';
import type { Benchmark } from './index';

const REQUESTS = 3_000;
/** A V1 signature is single-use per Date second, so V1 gets one request per second of the ±15-minute window. */
const V1_REQUESTS = 1_500;
const FUZZ_MUTATIONS = 10_000;
const CONCURRENCY = 16;
const INCIDENT_BATCHES = 60;
const INCIDENTS_PER_BATCH = 50;
const SINGLE_INCIDENTS = 600;

interface Key {
  keyId: string | number;
  secretKey: string;
}

interface BenchService {
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

async function startService(databaseUrl: string | undefined): Promise<BenchService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  let schema: string | undefined;
  let url = databaseUrl;
  if (databaseUrl) {
    schema = `vigil_bench_${randomBytes(4).toString('hex')}`;
    await withPostgres(databaseUrl, `create schema ${schema}`);
    const withSchema = new URL(databaseUrl);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    url = withSchema.toString();
  }
  const app = await buildApp({
    dataDir,
    databaseUrl: url,
    logger: false,
    backgroundJobs: false,
    launchRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  // The baseline: a plain Fastify route in the same app, no signature and no database.
  app.get('/bench/unsigned', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      if (databaseUrl && schema) await withPostgres(databaseUrl, `drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withPostgres(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  key?: Key & { scheme: SigningScheme; now?: Date },
  body?: unknown,
) {
  const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
  const headers: Record<string, string> = bytes ? { 'content-type': 'application/json' } : {};
  // The full URL: SharedKeyV2 signs the Host fetch sends.
  if (key) Object.assign(headers, signRequestHeaders({ ...key, method, url: `${baseUrl}${path}`, body: bytes }));
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(bytes ? { body: bytes } : {}) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Runs `total` calls of `once` with `concurrency` in flight; returns calls per second. */
async function throughput(
  total: number,
  concurrency: number,
  once: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await once(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const rate = (value: number, unit: string) => `${Math.round(value).toLocaleString('en')} ${unit}/s`;

async function signedThroughput(log: (line: string) => void): Promise<void> {
  const service = await startService(undefined);
  try {
    const account = await service.app.services.accounts.create({ name: 'bench', allowV1: true });
    const key = { keyId: account.accountId, secretKey: account.secretKey };
    // Warm up connections, JIT and the SQLite page cache.
    await throughput(300, CONCURRENCY, () => send(service.baseUrl, 'GET', '/bench/unsigned'));
    await throughput(300, CONCURRENCY, () =>
      send(service.baseUrl, 'GET', '/v1/webhooks', { ...key, scheme: 'SharedKeyV2' }),
    );

    const unsigned = await throughput(REQUESTS, CONCURRENCY, () => send(service.baseUrl, 'GET', '/bench/unsigned'));
    // From 13.5 minutes ahead back to 11.5 behind: every Date inside the ±15-minute window.
    const start = Math.floor(Date.now() / 1000) * 1000 + 810_000;
    const v1 = await throughput(V1_REQUESTS, CONCURRENCY, (index) =>
      send(service.baseUrl, 'GET', '/v1/webhooks', {
        ...key,
        scheme: 'SharedKey',
        now: new Date(start - index * 1000),
      }),
    );
    const v2 = await throughput(REQUESTS, CONCURRENCY, () =>
      send(service.baseUrl, 'GET', '/v1/webhooks', { ...key, scheme: 'SharedKeyV2' }),
    );
    log(`${REQUESTS} requests each, ${CONCURRENCY} in flight, SQLite, client signing included`);
    log(`unsigned Fastify route     ${rate(unsigned, 'req')}`);
    log(
      `SharedKey   GET /v1/webhooks ${rate(v1, 'req')}  (${(v1 / unsigned).toFixed(2)}× unsigned; ${V1_REQUESTS} requests, one per Date second; + replay-memory write)`,
    );
    log(`SharedKeyV2 GET /v1/webhooks ${rate(v2, 'req')}  (${(v2 / unsigned).toFixed(2)}× unsigned; + nonce write)`);
  } finally {
    await service.close();
  }
}

async function incidentIngestion(
  label: string,
  databaseUrl: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const service = await startService(databaseUrl);
  try {
    const account = await service.app.services.accounts.create({ name: 'bench' });
    const key = { keyId: account.accountId, secretKey: account.secretKey, scheme: 'SharedKeyV2' as const };
    const exam = (await send(service.baseUrl, 'POST', '/v1/exams', key, {
      title: 'bench',
      durationMinutes: 60,
      policy: {},
    })) as { id: string };
    const launchSession = async () => {
      const session = (await send(service.baseUrl, 'POST', `/v1/exams/${exam.id}/sessions`, key, {
        externalUserId: randomUUID(),
        userName: 'Bench',
      })) as { launchCode: string };
      const launched = (await send(service.baseUrl, 'POST', '/v1/client/launch', undefined, {
        launchCode: session.launchCode,
        client: { version: 'bench', platform: process.platform, kind: 'desktop' },
      })) as LaunchResponse;
      return { keyId: launched.keyId, secretKey: launched.secretKey, scheme: 'SharedKeyV2' as const };
    };
    const incident = () => ({ clientId: randomUUID(), type: 'FOCUS_LOST', occurredAt: new Date().toISOString() });

    // Several candidates at once, as in a real exam room.
    const sessions = await Promise.all(Array.from({ length: 8 }, launchSession));
    const batches = await throughput(INCIDENT_BATCHES, 8, (index) =>
      send(service.baseUrl, 'POST', '/v1/client/session/incidents', sessions[index % sessions.length], {
        incidents: Array.from({ length: INCIDENTS_PER_BATCH }, incident),
      }),
    );
    const singles = await throughput(SINGLE_INCIDENTS, 8, (index) =>
      send(service.baseUrl, 'POST', '/v1/client/session/incidents', sessions[index % sessions.length], {
        incidents: [incident()],
      }),
    );
    log(
      `${label}: ${rate(batches * INCIDENTS_PER_BATCH, 'incidents')} in batches of ${INCIDENTS_PER_BATCH}; ${rate(singles, 'incidents')} one per request`,
    );
  } finally {
    await service.close();
  }
}

/** The fuzz through app.inject: every mutation refused, every genuine request accepted, and how fast. */
async function signingFuzz(label: string, databaseUrl: string | undefined, log: (line: string) => void) {
  const service = await startService(databaseUrl);
  try {
    const { accounts } = service.app.services;
    const v2 = await accounts.create({ name: 'fuzz v2' });
    const v1 = await accounts.create({ name: 'fuzz v1', allowV1: true });
    const exam = async (created: { accountId: number; secretKey: string }) => {
      const key = { keyId: created.accountId, secretKey: created.secretKey, scheme: 'SharedKeyV2' as const };
      const body = { title: 'fuzz', durationMinutes: 60, policy: {} };
      return ((await send(service.baseUrl, 'POST', '/v1/exams', key, body)) as { id: string }).id;
    };
    const report = await runSigningFuzz(
      service.app,
      {
        v2: { keyId: v2.accountId, secretKey: v2.secretKey, examId: await exam(v2) },
        v1: { keyId: v1.accountId, secretKey: v1.secretKey, examId: await exam(v1) },
        otherKeyId: 's_AAAAAAAAAAAAAAAAAAAAAA',
      },
      { minMutations: FUZZ_MUTATIONS },
    );
    const total = report.mutations + report.originals;
    const verdict =
      report.acceptedMutations.length === 0 && report.refusedOriginals.length === 0
        ? 'none accepted'
        : `${report.acceptedMutations.length} MUTATIONS ACCEPTED, ${report.refusedOriginals.length} genuine refused`;
    log(
      `${label}: ${report.mutations.toLocaleString('en')} mutated signed requests (${Object.keys(report.kinds).length} kinds) + ${report.originals} genuine, ${rate(total / (report.elapsedMs / 1000), 'req')}: ${verdict}`,
    );
  } finally {
    await service.close();
  }
}

export const serviceBenchmark: Benchmark = {
  name: 'service',
  async run(log) {
    await signedThroughput(log);
    log('signed-request fuzz (app.inject, mutations sent before each genuine request):');
    await signingFuzz('  SQLite    ', undefined, log);
    const fuzzPostgres = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (fuzzPostgres) await signingFuzz('  PostgreSQL', fuzzPostgres, log);
    else log('  PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL to measure it)');
    log('incident ingestion (signed SharedKeyV2 POST /v1/client/session/incidents, 8 candidates):');
    await incidentIngestion('  SQLite    ', undefined, log);
    const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (postgresUrl) await incidentIngestion('  PostgreSQL', postgresUrl, log);
    else log('  PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL to measure it)');
  },
};
