/**
 * The real exam service (server/app.ts) on 127.0.0.1 for the desktop client's tests: start, stop and
 * restart on the same port and data directory (the offline-queue test), an institution account, and
 * exams and candidate sessions created as an institution's backend would (test/support/institution-client.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CreateSessionResponse, Incident } from '../../shared/api';
import type { ExamPolicyInput } from '../../shared/policy';
import Database from 'better-sqlite3';
import { buildApp } from '../../server/app';
import { SQLITE_FILE_NAME } from '../../server/db/database';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { InstitutionClient, type AccountKey } from './institution-client';

export interface ClientTestService {
  baseUrl: string;
  port: number;
  dataDir: string;
  app: FastifyInstance;
  /** The institution's account key. */
  account: AccountKey;
  /** Signs with the account key, as an institution's backend does (never the desktop client). */
  institution: InstitutionClient;
  stop(): Promise<void>;
  /** Starts the service again on the same port with the same database. */
  restart(): Promise<void>;
  /** Stops the service and removes its data directory. */
  dispose(): Promise<void>;
  createSession(options?: { policy?: ExamPolicyInput; allowedUrls?: string[] }): Promise<CreateSessionResponse>;
  incidents(sessionId: string): Promise<Incident[]>;
  /**
   * The session's incident ids in the order the service stored them (SQLite's rowid), a sequence of
   * the service's own: the API lists incidents by their occurredAt, which is the client's clock.
   */
  storageOrder(sessionId: string): string[];
}

export interface ClientTestServiceOptions {
  /** A stand-in for Human on the service (loading the real models takes seconds). */
  faceAnalyzer?: FaceAnalyzer;
  /** The service's clock (e.g. minutes away from this machine's, as a candidate's wrong clock would be). */
  now?: () => Date;
}

async function listen(
  dataDir: string,
  port: number,
  options: ClientTestServiceOptions,
): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApp({
    dataDir,
    backgroundJobs: false,
    logger: false,
    faceAnalyzer: options.faceAnalyzer,
    now: options.now,
  });
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('service did not bind a TCP port');
  return { app, port: address.port };
}

export async function startClientTestService(options: ClientTestServiceOptions = {}): Promise<ClientTestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-client-service-'));
  let running = await listen(dataDir, 0, options);
  const port = running.port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const created = await running.app.services.accounts.create({ name: 'client tests' });
  const account: AccountKey = { keyId: created.accountId, secretKey: created.secretKey };
  const institution = new InstitutionClient(baseUrl, account);
  let stopped = false;

  const service: ClientTestService = {
    baseUrl,
    port,
    dataDir,
    account,
    institution,
    get app() {
      return running.app;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.app.close();
    },
    async restart() {
      await service.stop();
      running = await listen(dataDir, port, options);
      stopped = false;
    },
    async dispose() {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    async createSession(options = {}) {
      const exam = await institution.request<{ id: string }>({
        method: 'post',
        url: '/v1/exams',
        data: {
          title: 'Client test exam',
          mode: 'events-only',
          durationMinutes: 60,
          allowedUrls: options.allowedUrls ?? [],
          // These clients launch as the preview, which an exam must allow explicitly.
          policy: { allowPreview: true, ...options.policy },
        },
      });
      return institution.request<CreateSessionResponse>({
        method: 'post',
        url: `/v1/exams/${exam.id}/sessions`,
        data: { externalUserId: `candidate-${Math.random().toString(36).slice(2)}`, userName: 'Test Candidate' },
      });
    },
    async incidents(sessionId) {
      const body = await institution.request<{ incidents: Incident[] }>({
        method: 'get',
        url: `/v1/sessions/${sessionId}/incidents`,
      });
      return body.incidents;
    },
    storageOrder(sessionId) {
      const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
      try {
        const rows = db.prepare('SELECT id FROM incidents WHERE session_id = ? ORDER BY rowid').all(sessionId) as {
          id: string;
        }[];
        return rows.map((row) => row.id);
      } finally {
        db.close();
      }
    },
  };
  return service;
}
