import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../main/app/ipc-handlers';
import { createNodeDeps, type NodeDeps } from '../../../main/app/composition-root';
import type { LockdownPort, RecordingsPort } from '../../../main/core/ports';
import { BridgeError } from '../../../main/core/bridge-error';
import type { EventEmitterFn } from '../../../main/core/ports';
import type { InvokeHandlers } from '../../../main/ipc/invoke-handlers';
import { silentLogger } from '../../../main/logger';
import type { SessionKey } from '../../../main/keyring/session-key';
import type { SystemProbe } from '../../../main/system/system-probe';
import type { FaceAnalyzer } from '../../../server/face/face-analyzer-types';
import { startClientTestService, type ClientTestService } from '../../support/client-service';

/** Human's stand-in on the service: remembers the image bytes it was given. */
function recordingFaceAnalyzer(): FaceAnalyzer & { seen: Uint8Array[] } {
  const seen: Uint8Array[] = [];
  return {
    seen,
    async describe(images) {
      seen.push(...images);
      return images.map(() => ({ faces: 1, embedding: [1, 0, 0] }));
    },
    similarity: () => 0.93,
  };
}

const fakeProbe: SystemProbe = {
  os: async () => ({ platform: 'linux', distro: 'Debian GNU/Linux', release: '13', arch: 'x64' }),
  processes: async () => [
    { pid: 10, name: 'bash' },
    { pid: 11, name: 'AnyDesk.exe' },
    { pid: 12, name: 'quiz-helper' },
  ],
  virtualMachineFacts: async () => ({
    virtualFlag: false,
    manufacturer: 'LENOVO',
    model: '20XW',
    biosVendor: 'LENOVO',
    macs: ['52:54:00:12:34:56'],
  }),
  displayCount: async () => 2,
  freeDiskBytes: async () => 5 * 1024 ** 3,
};

describe('createHandlers with Node-only dependencies against the real service', () => {
  let service: ClientTestService;
  const analyzer = recordingFaceAnalyzer();
  let dataDir: string;
  let deps: NodeDeps;
  let handlers: InvokeHandlers;
  let events: { channel: string; payload: unknown }[];

  beforeAll(async () => {
    service = await startClientTestService({ faceAnalyzer: analyzer });
  });
  afterAll(async () => {
    await service.dispose();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-handlers-'));
    events = [];
    const emit: EventEmitterFn = (channel, payload) => events.push({ channel, payload });
    deps = createNodeDeps({
      serviceUrl: service.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'preview',
      emit,
      log: silentLogger,
      probe: fakeProbe,
      platform: 'linux',
      pendingLaunchCode: () => 'from-deep-link',
      reconnectBaseMs: 50,
    });
    handlers = createHandlers(deps);
  });
  afterEach(async () => {
    await deps.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('app:info describes the client without anything secret', async () => {
    expect(await handlers['app:info'](undefined)).toEqual({
      version: '1.2.3',
      preview: true,
      managed: false,
      platform: 'linux',
      pendingLaunchCode: 'from-deep-link',
    });
  });

  it('launches (also from a pasted deep link), reports steps, requests approval, starts and finishes', async () => {
    const { launchCode, launchUrl } = await service.createSession({ policy: { prohibitedProcesses: ['quiz-helper'] } });
    const summary = await handlers['session:launch']({ launchCode: launchUrl });
    expect(launchUrl).toContain(launchCode);
    expect(summary.state).toBe('joined');
    expect(summary.policy.prohibitedProcesses).toEqual(['quiz-helper']);
    expect(JSON.stringify(summary)).not.toMatch(/secretKey|keyId/);

    expect(
      await handlers['checks:report-step']({ flow: 'system', step: 'START', status: 'started', details: {} }),
    ).toEqual({
      ok: true,
    });
    expect((await handlers['session:status'](undefined)).state).toBe('checks');
    expect((await handlers['session:request-approval'](undefined)).state).toBe('approved');
    expect((await handlers['session:start'](undefined)).state).toBe('started');
    expect((await handlers['session:finish'](undefined)).state).toBe('finished');
  });

  it('session:current answers null before a launch, then the session and its clock without any secret', async () => {
    expect(await handlers['session:current'](undefined)).toBeNull();
    const { launchCode } = await service.createSession();
    const launched = await handlers['session:launch']({ launchCode });
    await handlers['session:request-approval'](undefined);
    const started = await handlers['session:start'](undefined);

    const current = await handlers['session:current'](undefined);
    expect(current?.session).toEqual({ ...launched, state: 'started' });
    expect(current?.status).toMatchObject({ state: 'started', startedAt: started.startedAt, endsAt: started.endsAt });
    expect(typeof current?.status.clockOffsetMs).toBe('number');
    expect(JSON.stringify(current)).not.toMatch(/secretKey|keyId/);
  });

  it('session:current ends the recordings a previous renderer left open before answering', async () => {
    const endOrphaned = vi.fn(async () => 2);
    const recordings: RecordingsPort = {
      begin: async () => ({ recordingId: 'r1' }),
      chunk: async ({ sequence }) => ({ sequence, spooledBytes: 0 }),
      end: async () => ({ ok: true as const }),
      progress: async () => ({
        totalBytes: 0,
        uploadedBytes: 0,
        bytesPerSecond: 0,
        secondsLeft: 0,
        done: true,
        online: true,
      }),
      endOrphaned,
    };
    const withRecordings = createHandlers({ ...deps, recordings });
    // Nothing to end before a launch: there is no session to have recorded.
    expect(await withRecordings['session:current'](undefined)).toBeNull();
    expect(endOrphaned).not.toHaveBeenCalled();
    const { launchCode } = await service.createSession();
    await withRecordings['session:launch']({ launchCode });
    expect((await withRecordings['session:current'](undefined))?.session.state).toBe('joined');
    expect(endOrphaned).toHaveBeenCalledOnce();
  });

  it('session:current waits until a stored session has been resumed (a restarted app), then answers it', async () => {
    let kept: SessionKey | null = null;
    const first = createNodeDeps({
      serviceUrl: service.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'desktop',
      emit: () => undefined,
      log: silentLogger,
      probe: fakeProbe,
      persistCredentials: async (credentials) => void (kept = credentials),
    });
    const firstHandlers = createHandlers(first);
    const { launchCode } = await service.createSession();
    await firstHandlers['session:launch']({ launchCode });
    await firstHandlers['session:request-approval'](undefined);
    const started = await firstHandlers['session:start'](undefined);
    await first.dispose();
    expect(kept).not.toBeNull();

    // The app restarts: its window asks before main/index.ts has resumed the stored session.
    const second = createNodeDeps({
      serviceUrl: service.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'desktop',
      emit: () => undefined,
      log: silentLogger,
      probe: fakeProbe,
    });
    let settle: () => void = () => undefined;
    const resumption = new Promise<void>((resolve) => (settle = resolve));
    const secondHandlers = createHandlers({ ...second, resumption });
    // The order of events, not a pause: the answer must come after the resumption settled.
    const order: string[] = [];
    const asked = secondHandlers['session:current'](undefined).then((answer) => {
      order.push('answered');
      return answer;
    });
    await second.session.resume(kept!);
    order.push('resumed');
    settle();
    const current = await asked;
    expect(order).toEqual(['resumed', 'answered']);
    expect(current?.session.state).toBe('started');
    // The same deadline as before the restart: the time left continues, it is not reset.
    expect(current?.status.endsAt).toBe(started.endsAt);
    await second.dispose();
  });

  it('session:current answers null when the stored session could not be resumed', async () => {
    const failed = createHandlers({ ...deps, resumption: Promise.reject(new Error('service unreachable')) });
    expect(await failed['session:current'](undefined)).toBeNull();
  });

  it('system:check reports OS, VM signals, prohibited processes (policy + default list), displays, disk and network', async () => {
    const { launchCode } = await service.createSession({
      policy: { prohibitedProcesses: ['Quiz-Helper'], allowedDisplays: 1 },
    });
    await handlers['session:launch']({ launchCode });
    const report = await handlers['system:check'](undefined);
    expect(report.os.distro).toBe('Debian GNU/Linux');
    expect(report.prohibitedProcesses).toEqual([
      { name: 'AnyDesk.exe', pid: 11 },
      { name: 'quiz-helper', pid: 12 },
    ]);
    expect(report.virtualMachine).toEqual({
      detected: true,
      reasons: ['network card 52:54:00:12:34:56 belongs to QEMU/KVM'],
      allowed: false,
    });
    expect(report.displays).toEqual({ count: 2, allowed: 1 });
    expect(report.disk).toEqual({ freeBytes: 5 * 1024 ** 3, requiredBytes: 1024 * 1024 * 1024 });
    expect(report.network.online).toBe(true);
    expect(report.network.latencyMs).toEqual(expect.any(Number));
  });

  it('identity:enroll and identity:verify forward the JPEG bytes to the service unchanged', async () => {
    const { launchCode } = await service.createSession();
    await handlers['session:launch']({ launchCode });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 250, 0xff, 0xd9]);
    analyzer.seen.length = 0;
    const enrolled = await handlers['identity:enroll']({ snapshots: [jpeg, jpeg] });
    expect(enrolled.enrolled).toBe(true);
    expect(analyzer.seen.length).toBeGreaterThanOrEqual(2);
    expect([...analyzer.seen[0]!]).toEqual([...jpeg]);

    const verified = await handlers['identity:verify']({
      kind: 'live',
      snapshots: [jpeg],
      clientSimilarity: 0.9,
      clientPassed: true,
      // A live check stands on a liveness result: without one it verifies nobody.
      liveness: { challenge: 'turn-right', passed: true, peakYawDegrees: 12 },
    });
    expect(verified.passed).toBe(true);
    expect(verified.agreed).toBe(true);
  });

  it('incident:report journals and delivers; without a session it refuses readably', async () => {
    await expect(handlers['incident:report']({ type: 'FOCUS_LOST', details: {} })).rejects.toMatchObject({
      code: 'no_session',
    });
    const { launchCode } = await service.createSession();
    const { sessionId } = await handlers['session:launch']({ launchCode });
    expect(await handlers['incident:report']({ type: 'FOCUS_LOST', details: { durationMs: 2500 } })).toEqual({
      queued: true,
    });
    await deps.incidents.activeQueue!.flush();
    const stored = await service.incidents(sessionId);
    expect(stored.find((i) => i.type === 'FOCUS_LOST')?.details).toEqual({ durationMs: 2500 });
  });

  it('recording channels go to the recordings dependency, and say plainly when there is none', async () => {
    await expect(handlers['recording:begin']({ kind: 'camera', mimeType: 'video/webm' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect((await handlers['upload:progress'](undefined)).done).toBe(true);

    const recordings: RecordingsPort = {
      begin: vi.fn(async () => ({ recordingId: 'r1' })),
      chunk: vi.fn(async ({ sequence, data }) => ({ sequence, spooledBytes: data.byteLength })),
      end: vi.fn(async () => ({ ok: true as const })),
      progress: vi.fn(async () => ({
        totalBytes: 10,
        uploadedBytes: 5,
        bytesPerSecond: 1,
        secondsLeft: 5,
        done: false,
        online: true,
      })),
    };
    const withRecordings = createHandlers({ ...deps, recordings });
    expect(await withRecordings['recording:begin']({ kind: 'screen', mimeType: 'video/webm' })).toEqual({
      recordingId: 'r1',
    });
    expect(
      await withRecordings['recording:chunk']({ recordingId: 'r1', sequence: 0, data: new Uint8Array(7) }),
    ).toEqual({ sequence: 0, spooledBytes: 7 });
    expect((await withRecordings['upload:progress'](undefined)).uploadedBytes).toBe(5);
  });

  it('session:start engages the lockdown first and releases it when the service refuses', async () => {
    const calls: string[] = [];
    const lockdown: LockdownPort = {
      engage: async () => void calls.push('engage'),
      release: async (reason) => void calls.push(`release: ${reason}`),
    };
    const locked = createHandlers({ ...deps, lockdown });
    const { launchCode } = await service.createSession();
    await locked['session:launch']({ launchCode });
    // Not approved yet: the service answers 409 and the lockdown comes off again.
    await expect(locked['session:start'](undefined)).rejects.toMatchObject({ code: 'invalid_state' });
    expect(calls).toEqual(['engage', 'release: start refused by the service']);

    const refusing = createHandlers({
      ...deps,
      lockdown: {
        engage: async () => {
          throw new BridgeError('prohibited_process', 'Close AnyDesk before the exam starts.');
        },
        release: async () => {},
      },
    });
    await refusing['session:request-approval'](undefined);
    await expect(refusing['session:start'](undefined)).rejects.toMatchObject({ code: 'prohibited_process' });
    expect((await refusing['session:status'](undefined)).state).toBe('approved');
  });

  it("lockdown:quit accepts only this session's own password, known to the client once approved, and records LOCKDOWN_QUIT", async () => {
    const quitApp = vi.fn();
    const released: string[] = [];
    const quitting = createHandlers({
      ...deps,
      quitApp,
      lockdown: { engage: async () => {}, release: async (reason) => void released.push(reason) },
    });
    const quitPasswordOf = async (sessionId: string) =>
      (
        await service.institution.request<{ quitPassword: string }>({
          method: 'get',
          url: `/v1/sessions/${sessionId}/quit-password`,
        })
      ).quitPassword;
    const other = await service.createSession();
    const { launchCode, sessionId } = await service.createSession();
    const password = await quitPasswordOf(sessionId);
    expect(password).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}$/);
    await quitting['session:launch']({ launchCode });
    // Before approval the client holds no verifier at all: not even the right password opens it.
    expect(deps.session.quitPasswordHash()).toBeUndefined();
    expect(await quitting['lockdown:quit']({ password })).toEqual({ ok: false });

    await quitting['session:request-approval'](undefined);
    expect(deps.session.quitPasswordHash()).toMatch(/^scrypt\$16384\$/);
    expect(await quitting['lockdown:quit']({ password: 'guess' })).toEqual({ ok: false });
    // Another session's password is no use here.
    expect(await quitting['lockdown:quit']({ password: await quitPasswordOf(other.sessionId) })).toEqual({ ok: false });
    expect(quitApp).not.toHaveBeenCalled();
    expect(await quitting['lockdown:quit']({ password })).toEqual({ ok: true });
    expect(released).toEqual(['quit with the proctor password']);
    expect(quitApp).toHaveBeenCalledOnce();
    const quit = (await service.incidents(sessionId)).filter((incident) => incident.type === 'LOCKDOWN_QUIT');
    expect(quit).toHaveLength(1);
    expect(quit[0]).toMatchObject({ severity: 'high', details: { state: 'approved' } });
  });
});

describe('the exam clock through the main process', () => {
  const aheadMs = 10 * 60_000;
  let service: ClientTestService;
  let dataDir: string;
  let deps: NodeDeps;

  beforeAll(async () => {
    // The service's clock is 10 minutes ahead of this computer's (the same as this computer being 10 minutes slow).
    service = await startClientTestService({ now: () => new Date(Date.now() + aheadMs) });
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-handlers-clock-'));
    deps = createNodeDeps({
      serviceUrl: service.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'preview',
      emit: () => undefined,
      log: silentLogger,
      probe: fakeProbe,
      platform: 'linux',
    });
  });
  afterAll(async () => {
    await deps?.dispose();
    await service?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("passes the service's startedAt/endsAt through, with the clock offset the API client measured", async () => {
    const handlers = createHandlers(deps);
    const { launchCode } = await service.createSession();
    await handlers['session:launch']({ launchCode });
    const approved = await handlers['session:request-approval'](undefined);
    expect(approved).toMatchObject({ state: 'approved', startedAt: null, endsAt: null });

    const started = await handlers['session:start'](undefined);
    expect(started.state).toBe('started');
    expect(Date.parse(started.endsAt!) - Date.parse(started.startedAt!)).toBe(60 * 60_000);
    // Measured from the answers' serverTime at the round trip's midpoint: 10 minutes, give or take the trip.
    expect(Math.abs(started.clockOffsetMs! - aheadMs)).toBeLessThan(5_000);
    // The service dated the start on its own clock, 10 minutes ahead of ours.
    expect(Math.abs(Date.parse(started.startedAt!) - aheadMs - Date.now())).toBeLessThan(5_000);

    const status = await handlers['session:status'](undefined);
    expect(status).toMatchObject({ state: 'started', startedAt: started.startedAt, endsAt: started.endsAt });
    expect(Math.abs(status.clockOffsetMs! - aheadMs)).toBeLessThan(5_000);
    expect(await handlers['session:finish'](undefined)).toMatchObject({ endsAt: started.endsAt });
  });
});
