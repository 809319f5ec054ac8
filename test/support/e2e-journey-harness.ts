/**
 * The whole journey's rig: the real service (with its webhook dispatcher running and a local
 * receiver configured), the preview client exactly as `npm start` runs it (main/preview/preview-launcher:
 * createNodeDeps + the recordings runtime behind the bridge host, the exam's origin framable), and
 * Debian's Chromium with a fake camera. It returns the identity engineer's E2eRun shape, so
 * test/support/e2e-flow.ts walks the checks unchanged.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident, Session } from '../../shared/api';
import type { Recording } from '../../shared/api/recordings';
import type { CreateSessionResponse } from '../../shared/api/sessions';
import type { ExamPolicyInput } from '../../shared/policy';
import { buildApp } from '../../server/app';
import type {} from '../../server/plugins/app/app-instance';
import type { FaceAnalyzer } from '../../server/face/face-analyzer-types';
import { silentLogger } from '../../main/logger';
import { startPreviewClient, type PreviewClient } from '../../main/preview/preview-launcher';
import { expectNoForeignRequests, openCameraPage } from './chromium';
import { ensureRendererBuilt, quietMachine, type E2eRun } from './e2e-harness';
import { fixturePath, repoRoot } from './fixtures';
import { call } from './service-client';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export interface JourneyOptions {
  camera: string;
  policy?: ExamPolicyInput;
  faceAnalyzer: FaceAnalyzer;
}

export interface JourneyRun extends E2eRun {
  client: PreviewClient;
  receiver: WebhookReceiver;
  institutionSession(): Promise<Session>;
  recordings(): Promise<Recording[]>;
}

export async function startJourney(options: JourneyOptions): Promise<JourneyRun> {
  ensureRendererBuilt();
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const root = await mkdtemp(join(tmpdir(), 'vigil-journey-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const receiver = await startWebhookReceiver(() => 200);
    cleanups.push(() => receiver.close());
    const app = await buildApp({
      dataDir: join(root, 'service'),
      logger: false,
      backgroundJobs: true,
      webhookPollIntervalMs: 50,
      faceAnalyzer: options.faceAnalyzer,
      launchRateLimit: { max: 10_000, timeWindowMs: 60_000 },
    });
    cleanups.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the service did not bind a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;

    const created = await app.services.accounts.create({ name: 'Journey institution' });
    const account = { keyId: created.accountId, secretKey: created.secretKey, webhookSecret: created.webhookSecret };
    const hook = await call(baseUrl, 'PUT', '/v1/webhooks', { key: account, body: { url: receiver.url } });
    if (hook.status !== 200) throw new Error(`configuring the webhook failed: ${hook.status}`);
    // No startUrl: the exam is the service's own demo page.
    const exam = await call<{ id: string; startUrl: string }>(baseUrl, 'POST', '/v1/exams', {
      key: account,
      // The journey's client is the preview, as `npm start` runs it: the exam allows it explicitly.
      body: {
        title: 'Journey exam',
        mode: 'recording',
        durationMinutes: 30,
        policy: { allowPreview: true, ...options.policy },
      },
    });
    if (exam.status !== 201) throw new Error(`creating the exam failed: ${exam.status} ${JSON.stringify(exam.body)}`);
    const session = await call<CreateSessionResponse>(baseUrl, 'POST', `/v1/exams/${exam.body.id}/sessions`, {
      key: account,
      body: {
        externalUserId: 'candidate-a',
        userName: 'Alex Example',
        facePhoto: readFileSync(fixturePath('faces/person-a-enrol.jpg')).toString('base64'),
      },
    });
    if (session.status !== 201) throw new Error(`creating the session failed: ${session.status}`);

    const client = await startPreviewClient({
      serviceUrl: baseUrl,
      dataDir: join(root, 'client'),
      staticRoots: [join(repoRoot, 'out', 'renderer'), join(repoRoot, 'assets')],
      version: 'journey',
      probe: quietMachine,
      log: silentLogger,
      validateResponses: true,
    });
    cleanups.push(() => client.close());

    const profile = join(root, 'chromium');
    const browser = await openCameraPage({ profileDir: profile, camera: options.camera, url: client.entryUrl });
    cleanups.push(() => browser.context.close());
    const { page, context, requests, consoleErrors, switchCamera } = browser;

    const sessionId = session.body.sessionId;
    return {
      page,
      context,
      host: client.host,
      client,
      receiver,
      service: { app, baseUrl },
      account,
      session: session.body,
      requests,
      consoleErrors,
      switchCamera,
      incidents: async () =>
        (await call<{ incidents: Incident[] }>(baseUrl, 'GET', `/v1/sessions/${sessionId}/incidents`, { key: account }))
          .body.incidents,
      institutionSession: async () =>
        (await call<Session>(baseUrl, 'GET', `/v1/sessions/${sessionId}`, { key: account })).body,
      recordings: async () =>
        (
          await call<{ recordings: Recording[] }>(baseUrl, 'GET', `/v1/sessions/${sessionId}/recordings`, {
            key: account,
          })
        ).body.recordings,
      // Nothing from a CDN: the page's own origin, and the exam page the service itself serves.
      close: async () => {
        await close();
        expectNoForeignRequests(requests, [client.host.origin, baseUrl]);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
