/**
 * The renderer's capture in Debian Chromium with the fake camera and microphone (and a fake screen):
 * renderer/recording/ records for 30 seconds over the preview bridge host into the real main-process
 * handlers, spool and uploader; both recordings arrive on the service byte for byte as the client
 * spooled them, and ffprobe reads their duration.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs, missingChromium } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingListSchema, type Recording } from '../../shared/api/recordings';
import { incidentListSchema } from '../../shared/api/sessions';
import type { UploadProgress } from '../../shared/ipc/contract';
import { examPolicySchema, type ExamMode, type ExamPolicy } from '../../shared/policy';
import { createHandlers } from '../../main/app/ipc-handlers';
import { createNodeDeps, type NodeDeps } from '../../main/app/composition-root';
import type { EventEmitterFn } from '../../main/core/ports';
import { silentLogger } from '../../main/logger';
import { startBridgeHost, TOKEN_FRAGMENT_PARAM, type BridgeHost } from '../../main/preview/bridge-host';
import { resumePendingUploads, type RecordingsRuntime } from '../../main/recordings/recordings-runtime';
import { fixturePath } from '../support/fixtures';
import { sha256Hex } from '../support/recordings-client';
import { buildCaptureHarness, HARNESS_PAGE } from '../support/recordings-harness-build';
import { FFPROBE, missingFfmpeg, probeDurationSeconds } from '../support/recordings-media';
import { createTestSafeStorage } from '../support/recordings-safe-storage';
import {
  createTestAccount,
  createTestLaunchCode,
  startRecordingsService,
  type RunningRecordingsService,
} from '../support/recordings-service';
import { signedFetch, type TestKey } from '../support/recordings-signed-fetch';
import { skipWithout } from '../support/suite-requirement';
import { waitForValue } from '../support/wait-for';

const RECORD_SECONDS = 30;

/** What test/renderer/recording/capture-harness.tsx puts on the page's window. */
interface HarnessWindow {
  vigilRecordingHarness?: {
    start(policy: ExamPolicy, mode: ExamMode, timesliceMs: number): Promise<boolean>;
    stop(): Promise<void>;
    progress: UploadProgress | null;
    errors: string[];
  };
}

const skip = skipWithout('Recording capture in Chromium', missingChromium() ?? missingFfmpeg());

describe.skipIf(skip)('recording capture in Chromium', () => {
  let root: string;
  let service: RunningRecordingsService;
  let account: TestKey;
  let runtime: RecordingsRuntime;
  let deps: NodeDeps;
  let host: BridgeHost;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  /** What the client spooled, as the renderer handed it over: each recording's chunks by sequence. */
  const spooled = new Map<string, { kind: string; chunks: Map<number, Buffer> }>();

  /** The client's bytes of the recording of `kind`, in sequence order. */
  function spooledBytes(kind: string): Buffer {
    const recording = [...spooled.values()].find((candidate) => candidate.kind === kind);
    if (!recording) throw new Error(`the client spooled no ${kind} recording`);
    const sequences = [...recording.chunks.keys()].sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, index) => index));
    return Buffer.concat(sequences.map((sequence) => recording.chunks.get(sequence)!));
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-capture-'));
    service = await startRecordingsService({ dataDir: join(root, 'service') });
    account = await createTestAccount(service.app);
    const { launchCode } = await createTestLaunchCode(service.baseUrl, account, 'recording');

    // The main process as main/index.ts should wire it: uploads resume first, then the handlers.
    runtime = await resumePendingUploads({
      spoolDirectory: join(root, 'client', 'spool'),
      safeStorage: createTestSafeStorage(),
      platform: 'linux',
      log: silentLogger,
    });
    let emitToPage: EventEmitterFn = () => undefined;
    deps = createNodeDeps({
      serviceUrl: service.baseUrl,
      dataDir: join(root, 'client'),
      version: '0.1.0',
      kind: 'preview',
      emit: (channel, payload) => emitToPage(channel, payload),
      log: silentLogger,
      recordingsRuntime: runtime,
    });
    const handlers = createHandlers(deps);
    // Keep a copy of every chunk the spool acknowledged: the service must end up with exactly these bytes.
    const begin = handlers['recording:begin'];
    const chunk = handlers['recording:chunk'];
    handlers['recording:begin'] = async (request) => {
      const answer = await begin(request);
      spooled.set(answer.recordingId, { kind: request.kind, chunks: new Map() });
      return answer;
    };
    handlers['recording:chunk'] = async (request) => {
      const answer = await chunk(request);
      spooled.get(request.recordingId)?.chunks.set(request.sequence, Buffer.from(request.data));
      return answer;
    };
    sessionId = (await handlers['session:launch']({ launchCode })).sessionId;

    const pageRoot = join(root, 'page');
    await buildCaptureHarness(pageRoot);
    host = await startBridgeHost({ handlers, staticRoots: [pageRoot], log: silentLogger, validateResponses: true });
    emitToPage = host.emit;

    context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs({ camera: fixturePath('camera/person-a.mjpeg'), screenCapture: true }),
    });
    page = await context.newPage();
    await page.goto(`${host.origin}/${HARNESS_PAGE}#${TOKEN_FRAGMENT_PARAM}=${encodeURIComponent(host.token)}`);
    await page.waitForFunction(() => (globalThis as HarnessWindow).vigilRecordingHarness !== undefined);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await deps?.dispose();
    await runtime?.close();
    await service?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function listRecordings(): Promise<Recording[]> {
    const response = await signedFetch(service.baseUrl, account, 'GET', `/v1/sessions/${sessionId}/recordings`);
    return recordingListSchema.parse(await response.json()).recordings;
  }

  it('records nothing in events-only mode', async () => {
    const policy = examPolicySchema.parse({});
    expect(
      await page.evaluate(
        (p) => (globalThis as HarnessWindow).vigilRecordingHarness!.start(p, 'events-only', 3000),
        policy,
      ),
    ).toBe(false);
    expect(runtime.spool.recordings()).toEqual([]);
  });

  it(`records camera, microphone and screen for ${RECORD_SECONDS} s; the service holds both with a readable duration`, async () => {
    const policy = examPolicySchema.parse({});
    expect(
      await page.evaluate(
        (p) => (globalThis as HarnessWindow).vigilRecordingHarness!.start(p, 'recording', 3000),
        policy,
      ),
    ).toBe(true);
    expect(
      runtime.spool
        .recordings()
        .map((recording) => recording.kind)
        .sort(),
    ).toEqual(['camera', 'screen']);
    await page.waitForTimeout(RECORD_SECONDS * 1000);
    await page.evaluate(() => (globalThis as HarnessWindow).vigilRecordingHarness!.stop());

    // The end-of-exam panel follows the upload to the end.
    await page.waitForFunction(
      () => (globalThis as HarnessWindow).vigilRecordingHarness!.progress?.done === true,
      undefined,
      { timeout: 90_000 },
    );
    await runtime.uploader.whenIdle();
    await page.getByText('Your recordings are uploaded').waitFor();
    expect(await page.evaluate(() => (globalThis as HarnessWindow).vigilRecordingHarness!.errors)).toEqual([]);

    const recordings = await waitForValue(
      listRecordings,
      (listed) => listed.length >= 2 && listed.every((recording) => recording.seekable),
      { describe: 'both recordings complete with a seekable copy', timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(recordings.map((recording) => recording.kind).sort()).toEqual(['camera', 'screen']);

    for (const recording of recordings) {
      expect(recording.complete).toBe(true);
      expect(recording.durationMs).toBeGreaterThan((RECORD_SECONDS - 3) * 1000);
      expect(recording.durationMs).toBeLessThan((RECORD_SECONDS + 5) * 1000);
      const path = `/v1/sessions/${sessionId}/recordings/${recording.id}`;
      const original = Buffer.from(await (await signedFetch(service.baseUrl, account, 'GET', path)).arrayBuffer());
      // The download is what the client spooled, not merely what the service says it holds.
      const client = spooledBytes(recording.kind);
      expect(client.byteLength).toBeGreaterThan(0);
      expect(original.byteLength).toBe(client.byteLength);
      expect(sha256Hex(original)).toBe(sha256Hex(client));
      expect(recording.sha256).toBe(sha256Hex(client));
      const seekable = Buffer.from(
        await (await signedFetch(service.baseUrl, account, 'GET', `${path}?seekable=1`)).arrayBuffer(),
      );
      const file = join(root, `${recording.kind}.webm`);
      await writeFile(file, seekable);
      const seconds = probeDurationSeconds(file);
      expect(seconds).toBeGreaterThan(RECORD_SECONDS - 3);
      expect(seconds).toBeLessThan(RECORD_SECONDS + 5);
      const streams = execFileSync(
        FFPROBE,
        ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n')
        .sort();
      expect(streams).toEqual(recording.kind === 'camera' ? ['audio', 'video'] : ['video']);
    }

    // The start incidents reached the service through the incident queue.
    const wanted = ['AUDIO_STARTED', 'CAMERA_STARTED', 'RECORDINGS_STARTED', 'SCREENSHARE_STARTED'];
    const types = await waitForValue(
      async () => {
        const response = await signedFetch(service.baseUrl, account, 'GET', `/v1/sessions/${sessionId}/incidents`);
        return incidentListSchema.parse(await response.json()).incidents.map((incident): string => incident.type);
      },
      (listed) => wanted.every((type) => listed.includes(type)),
      { describe: `the incidents ${wanted.join(', ')} on the service`, timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(types).not.toContain('CAMERA_STOPPED');
  }, 240_000);
});
