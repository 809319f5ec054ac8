/**
 * Issue 10: a proxy between the client and the service rewrites the policy on its way to the
 * lockdown. The real client modules (createNodeDeps and createHandlers over the real ApiClient,
 * in Node) talk to the real service through a real rewriting HTTP proxy on loopback. Every rewritten
 * answer is refused with a clear error and the service receives TAMPERED_RESPONSE (critical).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TAMPERED_RESPONSE_CODE } from '../../../main/api/response-mac-interceptor';
import { createHandlers } from '../../../main/ipc/create-handlers';
import { createNodeDeps, type NodeDeps } from '../../../main/ipc/create-node-deps';
import { BridgeError, type InvokeHandlers } from '../../../main/ipc/handler-types';
import { hashQuitPassword } from '../../../main/lockdown/quit-password';
import { silentLogger } from '../../../main/logger';
import type { SystemProbe } from '../../../main/system/system-probe';
import type { Incident } from '../../../shared/api';
import { RESPONSE_MAC_HEADER } from '../../../shared/signing/response-mac';
import { startClientTestService, type ClientTestService } from '../../support/client-service';
import { rewritePolicyField, startRewritingProxy, type RewritingProxy } from '../../support/rewriting-proxy';

const probe: SystemProbe = {
  os: async () => ({ platform: 'linux', distro: 'Debian GNU/Linux', release: '13', arch: 'x64' }),
  processes: async () => [],
  virtualMachineFacts: async () => ({
    virtualFlag: false,
    manufacturer: 'LENOVO',
    model: '20XW',
    biosVendor: 'LENOVO',
    macs: [],
  }),
  displayCount: async () => 1,
  freeDiskBytes: async () => 5 * 1024 ** 3,
};

describe('a proxy that rewrites the service’s answers (real client, real service, real proxy)', () => {
  let service: ClientTestService;
  let proxy: RewritingProxy;
  let dataDir: string;
  let deps: NodeDeps;
  let handlers: InvokeHandlers;
  let proctorHash: string;
  let candidateHash: string;

  beforeAll(async () => {
    service = await startClientTestService();
    proctorHash = await hashQuitPassword('proctor-only', 2 ** 10);
    candidateHash = await hashQuitPassword('candidate-knows-this', 2 ** 10);
  });
  afterAll(async () => {
    await service.dispose();
  });
  beforeEach(async () => {
    proxy = await startRewritingProxy(service.baseUrl);
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-tamper-'));
    deps = createNodeDeps({
      serviceUrl: proxy.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'desktop',
      emit: () => undefined,
      log: silentLogger,
      probe,
      platform: 'linux',
      reconnectBaseMs: 20,
      reconnectMaxMs: 100,
    });
    handlers = createHandlers(deps);
  });
  afterEach(async () => {
    proxy.rewrite = null;
    proxy.rewriteEventData = null;
    await deps.dispose();
    await proxy.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const policy = () => ({
    allowedDisplays: 1,
    prohibitedProcesses: ['quiz-helper'],
    allowVirtualMachine: false,
    quitPasswordHash: proctorHash,
  });
  const rewrites = (): [string, unknown][] => [
    ['allowedDisplays', 4],
    ['prohibitedProcesses', []],
    ['allowVirtualMachine', true],
    ['quitPasswordHash', candidateHash],
  ];

  async function tampered(sessionId: string): Promise<Incident[]> {
    return (await service.incidents(sessionId)).filter((incident) => incident.type === 'TAMPERED_RESPONSE');
  }

  async function refusal(call: Promise<unknown>): Promise<BridgeError> {
    const error = await call.then(
      () => {
        throw new Error('the tampered answer was accepted');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BridgeError);
    return error as BridgeError;
  }

  it('passes untouched answers end to end, each carrying a MAC', async () => {
    const { launchCode } = await service.createSession({ policy: policy() });
    const summary = await handlers['session:launch']({ launchCode });
    expect(summary.policy.allowedDisplays).toBe(1);
    expect((await handlers['session:status'](undefined)).state).toBe('joined');
    expect((await handlers['session:request-approval'](undefined)).state).toBe('approved');
    const answers = proxy.answers.filter((answer) => answer.url.startsWith('/v1/client/'));
    expect(answers.length).toBeGreaterThanOrEqual(3);
    for (const answer of answers) expect(answer.headers[RESPONSE_MAC_HEADER]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses a launch answer whose policy was rewritten, for every guarded field, and reports it', async () => {
    for (const [field, value] of rewrites()) {
      const { launchCode, sessionId } = await service.createSession({ policy: policy() });
      proxy.rewrite = rewritePolicyField(field, value);
      const before = proxy.rewritten;
      const error = await refusal(handlers['session:launch']({ launchCode }));
      expect(proxy.rewritten, field).toBe(before + 1);
      expect(error.code, field).toBe(TAMPERED_RESPONSE_CODE);
      expect(error.message).toMatch(/POST \/v1\/client\/launch was altered on its way here/);
      expect(deps.session.current(), field).toBeNull();
      // Reported with the refused answer's key, which the proxy left intact: it reaches this session only.
      const reported = await tampered(sessionId);
      expect(reported, field).toHaveLength(1);
      expect(reported[0]).toMatchObject({
        severity: 'critical',
        details: { method: 'POST', path: '/v1/client/launch', status: 200, reason: 'mismatch' },
      });
    }
  });

  it('refuses a later answer whose policy was rewritten, for every guarded field, and reports it', async () => {
    for (const [field, value] of rewrites()) {
      await deps.dispose();
      deps = createNodeDeps({
        serviceUrl: proxy.baseUrl,
        dataDir,
        version: '1.2.3',
        kind: 'desktop',
        emit: () => undefined,
        log: silentLogger,
        probe,
        platform: 'linux',
      });
      handlers = createHandlers(deps);
      const { launchCode, sessionId } = await service.createSession({ policy: policy() });
      proxy.rewrite = null;
      await handlers['session:launch']({ launchCode });
      proxy.rewrite = rewritePolicyField(field, value);
      const error = await refusal(handlers['session:status'](undefined));
      expect(error.code, field).toBe(TAMPERED_RESPONSE_CODE);
      expect(error.message).toMatch(/GET \/v1\/client\/session was altered/);
      expect(deps.session.current()?.policy, field).toMatchObject(policy());
      // Through the durable incident queue: its POST's answer has no policy, so it gets through.
      await vi.waitFor(async () => expect(await tampered(sessionId), field).toHaveLength(1), { timeout: 5_000 });
      expect((await tampered(sessionId))[0]!.details).toMatchObject({ method: 'GET', path: '/v1/client/session' });
    }
  });

  it('refuses an answer recorded for one request and replayed to another (the MAC names the request)', async () => {
    const { launchCode } = await service.createSession({ policy: policy() });
    await handlers['session:launch']({ launchCode });
    await handlers['session:status'](undefined);
    const recorded = proxy.answers.filter((answer) => answer.url === '/v1/client/session').at(-1)!;
    expect(recorded.headers[RESPONSE_MAC_HEADER]).toBeDefined();
    proxy.rewrite = (answer) => (answer.url === '/v1/client/session' ? recorded : undefined);
    const error = await refusal(handlers['session:status'](undefined));
    expect(error.code).toBe(TAMPERED_RESPONSE_CODE);
  });

  it('refuses a success whose MAC was stripped', async () => {
    const { launchCode } = await service.createSession({ policy: policy() });
    await handlers['session:launch']({ launchCode });
    proxy.rewrite = (answer) => {
      const headers = { ...answer.headers };
      delete headers[RESPONSE_MAC_HEADER];
      return { headers };
    };
    const error = await refusal(handlers['session:status'](undefined));
    expect(error.code).toBe(TAMPERED_RESPONSE_CODE);
    expect(error.message).toMatch(/carries no MAC/);
  });

  it('keeps the report queued while every answer is rewritten, and it lands once the proxy stops', async () => {
    const { launchCode, sessionId } = await service.createSession({ policy: policy() });
    await handlers['session:launch']({ launchCode });
    // Rewrites every JSON answer, the incident POST's too: the client must not take that as "dropped".
    proxy.rewrite = (answer) => (answer.body.startsWith('{') ? { body: answer.body.replace('{', '{ ') } : undefined);
    await refusal(handlers['session:status'](undefined));
    const queue = deps.incidents.activeQueue!;
    const incidentPosts = () => proxy.answers.filter((a) => a.url === '/v1/client/session/incidents').length;
    await vi.waitFor(() => expect(incidentPosts()).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    // The rewritten answer to the report is itself refused (and reported): nothing is dropped.
    expect(queue.pendingCount).toBe(2);
    proxy.rewrite = null;
    await vi.waitFor(() => expect(queue.pendingCount).toBe(0), { timeout: 5_000 });
    // Sent several times, stored once each (the service de-duplicates by clientId).
    const paths = (await tampered(sessionId)).map((incident) => incident.details.path);
    expect(paths.sort()).toEqual(['/v1/client/session', '/v1/client/session/incidents']);
  });

  it('refuses an event stream message that was rewritten on the way, and reports it', async () => {
    const { launchCode, sessionId } = await service.createSession({ policy: policy() });
    proxy.rewriteEventData = (data) => data.replace('"state":"joined"', '"state":"approved"');
    const pushed: unknown[] = [];
    deps.session.onChange((summary) => pushed.push(summary.state));
    await handlers['session:launch']({ launchCode });
    await vi.waitFor(async () => expect(await tampered(sessionId)).toHaveLength(1), { timeout: 5_000 });
    expect(proxy.rewritten).toBeGreaterThan(0);
    expect((await tampered(sessionId))[0]!.details).toMatchObject({ path: '/v1/client/session/events' });
    // The forged state never reached the session (the report itself stops it: TAMPERED_RESPONSE is critical).
    expect(pushed).not.toContain('approved');
  });
});
