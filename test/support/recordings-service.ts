/**
 * The real service (buildApp with the recordings plugin) on 127.0.0.1, plus what recording tests
 * need around it: an institution account, launched sessions with their session keys.
 */
import type { FastifyInstance } from 'fastify';
import type { LaunchResponse } from '../../shared/api/client';
import type { CreateSessionResponse } from '../../shared/api/sessions';
import { buildApp } from '../../server/app';
import type { RecordingStorage } from '../../server/recordings/recording-storage';
import { signedJson, type TestKey } from './recordings-signed-fetch';

export interface RecordingsServiceOptions {
  dataDir: string;
  port?: number;
  storage?: RecordingStorage;
  storageUrl?: string;
  databaseUrl?: string;
  leaseSweepIntervalMs?: number;
  /** Run the webhook dispatcher and the sweeps (default off: recording tests do not need them). */
  backgroundJobs?: boolean;
}

export interface RunningRecordingsService {
  app: FastifyInstance;
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startRecordingsService(options: RecordingsServiceOptions): Promise<RunningRecordingsService> {
  const app = await buildApp({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    backgroundJobs: options.backgroundJobs ?? false,
    webhookPollIntervalMs: 250,
    logger: false,
    storageUrl: options.storageUrl,
    recordingStorage: options.storage,
    leaseSweepIntervalMs: options.leaseSweepIntervalMs,
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('service did not bind a TCP port');
  return { app, port: address.port, baseUrl: `http://127.0.0.1:${address.port}`, close: () => closeService(app) };
}

/**
 * Node 20 closes keep-alive connections that are idle when close() starts, but not one whose response
 * (a streamed download) finishes a moment later: that one would hold close() until keepAliveTimeout.
 */
async function closeService(app: FastifyInstance): Promise<void> {
  const closing = app.close();
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await closing;
  } finally {
    clearInterval(sweep);
  }
}

export async function createTestAccount(app: FastifyInstance): Promise<TestKey> {
  const created = await app.services.accounts.create({ name: `recordings test ${Date.now()}` });
  return { keyId: created.accountId, secretKey: created.secretKey };
}

export interface LaunchedSession {
  sessionId: string;
  key: TestKey;
}

/** Creates an exam and a candidate session with the account key; the launch code is what the candidate receives. */
export async function createTestLaunchCode(
  baseUrl: string,
  account: TestKey,
  mode: 'recording' | 'hybrid' | 'events-only' = 'recording',
): Promise<CreateSessionResponse> {
  const exam = await signedJson<{ id: string }>(baseUrl, account, 'POST', '/v1/exams', {
    title: 'Recorded exam',
    mode,
    durationMinutes: 60,
    // Some of these sessions are launched by the preview client, which an exam must allow explicitly.
    policy: { allowPreview: true },
  });
  return signedJson<CreateSessionResponse>(baseUrl, account, 'POST', `/v1/exams/${exam.id}/sessions`, {
    externalUserId: `candidate-${Math.random().toString(36).slice(2)}`,
    userName: 'Candidate',
  });
}

/** A session launched the way the desktop client launches it, with its session key. */
export async function launchTestSession(baseUrl: string, account: TestKey): Promise<LaunchedSession> {
  const created = await createTestLaunchCode(baseUrl, account);
  const response = await fetch(`${baseUrl}/v1/client/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      launchCode: created.launchCode,
      client: { version: '0.1.0', platform: 'linux', kind: 'desktop' },
    }),
  });
  if (!response.ok) throw new Error(`launch → ${response.status}: ${await response.text()}`);
  const launched = (await response.json()) as LaunchResponse;
  return { sessionId: launched.sessionId, key: { keyId: launched.keyId, secretKey: launched.secretKey } };
}
