/**
 * End-to-end rig for the renderer: the real service (buildApp on a temp SQLite dir, 127.0.0.1:0),
 * the main process's real handlers (createNodeDeps + createHandlers, with the recordings spool and
 * uploader wired as the preview host wires them) behind the preview bridge host, the built renderer,
 * and Debian's Chromium with a fake camera playing a fixture video.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoForeignRequests, openCameraPage } from './chromium';
import type { FastifyInstance } from 'fastify';
import type { CreateSessionResponse } from '../../shared/api/sessions';
import type { Incident } from '../../shared/api';
import type { Recording } from '../../shared/api/recordings';
import type { ExamMode, ExamPolicyInput } from '../../shared/policy';
import { buildApp } from '../../server/app';
// The services decoration on the Fastify instance is declared there.
import type {} from '../../server/plugins/app/app-instance';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { createHandlers } from '../../main/app/ipc-handlers';
import { createNodeDeps, type NodeDeps } from '../../main/app/composition-root';
import type { EventEmitterFn } from '../../main/core/ports';
import { silentLogger } from '../../main/logger';
import { startBridgeHost, type BridgeHost } from '../../main/preview/bridge-host';
import { resumePendingUploads } from '../../main/recordings/recordings-runtime';
import type { SystemProbe } from '../../main/system/system-probe';
import { fixturePath, repoRoot } from './fixtures';
import { call, type TestKey } from './service-client';

const RENDERER_DIR = join(repoRoot, 'out', 'renderer');
const ASSETS_DIR = join(repoRoot, 'assets');

/** Builds the renderer once when no build is there (npm test builds before the suites run). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html')) && existsSync(join(RENDERER_DIR, 'models', 'faceres.bin'))) return;
  for (const [command, args] of [
    [process.execPath, [join(repoRoot, 'scripts', 'copy-human-assets.mjs')]],
    [join(repoRoot, 'node_modules', '.bin', 'electron-vite'), ['build']],
  ] as const) {
    const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

/** A machine without surprises, so the system check's outcome depends on the test, not on the host. */
export const quietMachine: SystemProbe = {
  os: async () => ({ platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' }),
  processes: async () => [{ pid: 1, name: 'systemd' }],
  virtualMachineFacts: async () => ({
    virtualFlag: false,
    manufacturer: 'LENOVO',
    model: '20XW',
    biosVendor: 'LENOVO',
    macs: [],
  }),
  displayCount: async () => 1,
  freeDiskBytes: async () => 50 * 1024 ** 3,
};

export interface E2eOptions {
  /** Absolute path of the fake camera's MJPEG. */
  camera: string;
  policy?: ExamPolicyInput;
  /** The exam's mode (default `recording`). */
  mode?: ExamMode;
  /** A fixture under faces/ used as the institution's reference photo. */
  facePhoto?: string | null;
  probe?: SystemProbe;
  /** Shared across runs of one test file (loading Human takes a few seconds). */
  faceAnalyzer?: FaceAnalyzer;
  viewport?: { width: number; height: number };
}

export interface E2eRun {
  page: Page;
  context: BrowserContext;
  host: BridgeHost;
  service: { app: FastifyInstance; baseUrl: string };
  /** The institution's API key, and the separate secret its webhooks are signed with. */
  account: TestKey & { webhookSecret: string };
  session: CreateSessionResponse;
  /** Every URL the page (and its workers) asked for, in order. close() fails if one left `host.origin`. */
  requests: string[];
  /** Console errors and uncaught exceptions of the page (CSP violations show up here). */
  consoleErrors: string[];
  /**
   * Puts another video in front of the fake camera: the file Chromium reads is replaced, and the next
   * step that opens the camera (the renderer closes it between steps) shows the new one.
   */
  switchCamera(path: string): Promise<void>;
  incidents(): Promise<Incident[]>;
  /** The session's recordings as the institution lists them (GET /v1/sessions/:id/recordings). */
  recordings(): Promise<Recording[]>;
  close(): Promise<void>;
}

export async function startE2e(options: E2eOptions): Promise<E2eRun> {
  ensureRendererBuilt();
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const serviceDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-service-'));
    cleanups.push(() => rm(serviceDir, { recursive: true, force: true }));
    const app = await buildApp({
      dataDir: serviceDir,
      logger: false,
      backgroundJobs: false,
      launchRateLimit: { max: 10_000, timeWindowMs: 60_000 },
      ...(options.faceAnalyzer ? { faceAnalyzer: options.faceAnalyzer } : {}),
    });
    cleanups.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the service did not bind a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;

    const created = await app.services.accounts.create({ name: 'E2E institution' });
    const account = { keyId: created.accountId, secretKey: created.secretKey, webhookSecret: created.webhookSecret };
    const exam = await call<{ id: string }>(baseUrl, 'POST', '/v1/exams', {
      key: account,
      body: {
        title: 'Statistics 101 — final',
        mode: options.mode ?? 'recording',
        durationMinutes: 90,
        // The harness's client is the preview, which an exam must allow explicitly.
        policy: { allowPreview: true, ...options.policy },
      },
    });
    if (exam.status !== 201) throw new Error(`creating the exam failed: ${exam.status} ${JSON.stringify(exam.body)}`);
    const facePhoto = options.facePhoto
      ? readFileSync(fixturePath(`faces/${options.facePhoto}`)).toString('base64')
      : undefined;
    const session = await call<CreateSessionResponse>(baseUrl, 'POST', `/v1/exams/${exam.body.id}/sessions`, {
      key: account,
      body: { externalUserId: 'candidate-a', userName: 'Alex Example', ...(facePhoto ? { facePhoto } : {}) },
    });
    if (session.status !== 201)
      throw new Error(`creating the session failed: ${session.status} ${JSON.stringify(session.body)}`);

    const clientDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-client-'));
    cleanups.push(() => rm(clientDir, { recursive: true, force: true }));
    let forward: EventEmitterFn | null = null;
    const emit: EventEmitterFn = (channel, payload) => forward?.(channel, payload);
    // The spool and the uploader, as main/preview/preview-launcher.ts wires them (no safeStorage in plain Node).
    const recordingsRuntime = await resumePendingUploads({
      spoolDirectory: join(clientDir, 'spool'),
      safeStorage: null,
      log: silentLogger,
    });
    cleanups.push(() => recordingsRuntime.close());
    const deps: NodeDeps = createNodeDeps({
      serviceUrl: baseUrl,
      dataDir: clientDir,
      version: 'e2e',
      kind: 'preview',
      emit,
      log: silentLogger,
      probe: options.probe ?? quietMachine,
      platform: 'linux',
      recordingsRuntime,
    });
    cleanups.push(() => deps.dispose());
    const host = await startBridgeHost({
      handlers: createHandlers(deps),
      staticRoots: [RENDERER_DIR, ASSETS_DIR],
      log: silentLogger,
      validateResponses: true,
    });
    cleanups.push(() => host.close());
    forward = host.emit;

    const profile = await mkdtemp(join(tmpdir(), 'vigil-e2e-chromium-'));
    cleanups.push(() => rm(profile, { recursive: true, force: true }));
    const browser = await openCameraPage({
      profileDir: profile,
      camera: options.camera,
      url: host.entryUrl,
      ...(options.viewport ? { viewport: options.viewport } : {}),
    });
    cleanups.push(() => browser.context.close());
    const { page, context, requests, consoleErrors, switchCamera } = browser;

    return {
      page,
      context,
      host,
      service: { app, baseUrl },
      account,
      session: session.body,
      requests,
      consoleErrors,
      switchCamera,
      incidents: async () => {
        const result = await call<{ incidents: Incident[] }>(
          baseUrl,
          'GET',
          `/v1/sessions/${session.body.sessionId}/incidents`,
          { key: account },
        );
        return result.body.incidents;
      },
      recordings: async () => {
        const result = await call<{ recordings: Recording[] }>(
          baseUrl,
          'GET',
          `/v1/sessions/${session.body.sessionId}/recordings`,
          { key: account },
        );
        return result.body.recordings;
      },
      // Every browser test checks, when it closes, that the page fetched nothing from a CDN.
      close: async () => {
        await close();
        expectNoForeignRequests(requests, [host.origin]);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export function cameraFixture(name: string): string {
  return fixturePath(`camera/${name}`);
}
