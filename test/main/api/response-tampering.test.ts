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
import { createHandlers } from '../../../main/app/ipc-handlers';
import { createNodeDeps, type NodeDeps } from '../../../main/app/composition-root';
import { BridgeError } from '../../../main/core/bridge-error';
import type { InvokeHandlers } from '../../../main/ipc/invoke-handlers';
import { hashQuitPassword } from '../../../main/lockdown/quit-password';
import { silentLogger } from '../../../main/logger';
import type { SystemProbe } from '../../../main/system/system-probe';
import type { Incident } from '../../../shared/api';
import {
  RESPONSE_MAC_HEADER,
  RESPONSE_SIGNATURE_HEADER,
  launchResponseKey,
  responseMac,
} from '../../../shared/signing/response-mac';
import { NONCE_HEADER } from '../../../shared/signing/shared-key';
import { startClientTestService, type ClientTestService } from '../../support/client-service';
import {
  rewritePolicyField,
  startRewritingProxy,
  type AnswerRewriter,
  type RewritingProxy,
} from '../../support/rewriting-proxy';

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
  let candidateHash: string;
  let emitted: string[] = [];

  beforeAll(async () => {
    service = await startClientTestService();
    candidateHash = await hashQuitPassword('candidate-knows-this', 2 ** 10);
  });
  afterAll(async () => {
    await service.dispose();
  });
  /** The client as main/index.ts builds it; `pins` as a release build's MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY would. */
  function useClient(pins: string[] = []): void {
    deps = createNodeDeps({
      serviceUrl: proxy.baseUrl,
      dataDir,
      version: '1.2.3',
      kind: 'desktop',
      emit: (channel) => emitted.push(channel),
      log: silentLogger,
      probe,
      platform: 'linux',
      reconnectBaseMs: 20,
      reconnectMaxMs: 100,
      servicePublicKeys: pins,
    });
    handlers = createHandlers(deps);
  }

  beforeEach(async () => {
    proxy = await startRewritingProxy(service.baseUrl);
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-tamper-'));
    emitted = [];
    useClient();
  });
  afterEach(async () => {
    proxy.rewrite = null;
    proxy.rewriteEventData = null;
    await deps.dispose();
    await proxy.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const policy = () => ({ allowedDisplays: 1, prohibitedProcesses: ['quiz-helper'], allowVirtualMachine: false });
  const rewrites = (): [string, unknown][] => [
    ['allowedDisplays', 4],
    ['prohibitedProcesses', []],
    ['allowVirtualMachine', true],
  ];
  /** The session's own quit verifier reaches the client only once approved (on session and status answers). */
  const rewriteQuitVerifier: AnswerRewriter = (answer) =>
    answer.body.includes('"quitPasswordHash"')
      ? {
          body: answer.body.replace(
            /"quitPasswordHash":"[^"]*"/,
            `"quitPasswordHash":${JSON.stringify(candidateHash)}`,
          ),
        }
      : undefined;

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
      useClient();
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

  it('refuses an answer whose quit verifier was rewritten (the candidate’s own password would quit)', async () => {
    const { launchCode, sessionId } = await service.createSession({ policy: policy() });
    await handlers['session:launch']({ launchCode });
    await handlers['session:request-approval'](undefined); // auto-approved: the verifier comes with answers now
    proxy.rewrite = rewriteQuitVerifier;
    const before = proxy.rewritten;
    const error = await refusal(handlers['session:status'](undefined));
    expect(proxy.rewritten).toBe(before + 1);
    expect(error.code).toBe(TAMPERED_RESPONSE_CODE);
    await vi.waitFor(async () => expect(await tampered(sessionId)).toHaveLength(1), { timeout: 5_000 });
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

  /**
   * The candidate's own proxy, scripted with Vigil's scheme: it read the launch code in the launch
   * request and the session key in the launch answer, so it recomputes every MAC after rewriting.
   */
  function recomputingRewrite(rewrite: AnswerRewriter): AnswerRewriter {
    let sessionSecret: string | null = null;
    return (answer) => {
      const isLaunch = answer.url === '/v1/client/launch';
      if (isLaunch) sessionSecret = (JSON.parse(answer.body) as { secretKey?: string }).secretKey ?? null;
      const changed = rewrite(answer);
      if (!changed?.body) return undefined;
      const key = isLaunch
        ? launchResponseKey((JSON.parse(answer.request.body) as { launchCode: string }).launchCode)
        : sessionSecret;
      if (!key) return undefined;
      const request = {
        method: answer.method,
        url: answer.url,
        date: String(answer.request.headers.date ?? ''),
        nonce: String(answer.request.headers[NONCE_HEADER] ?? ''),
      };
      const mac = responseMac(key, request, answer.status, changed.body);
      return { body: changed.body, headers: { ...answer.headers, [RESPONSE_MAC_HEADER]: mac } };
    };
  }

  it('cannot stop a proxy that recomputes the MAC, without a pinned service key (the documented limit)', async () => {
    const { launchCode } = await service.createSession({ policy: policy() });
    proxy.rewrite = recomputingRewrite(rewritePolicyField('allowedDisplays', 4));
    const summary = await handlers['session:launch']({ launchCode });
    expect(summary.policy.allowedDisplays).toBe(4);
  });

  it('with the service key pinned, refuses a proxy that recomputes the MAC, at launch and after', async () => {
    await deps.dispose();
    useClient([service.app.responseSigner.publicKey]);
    for (const [field, value] of rewrites()) {
      const launchTampered = await service.createSession({ policy: policy() });
      proxy.rewrite = recomputingRewrite(rewritePolicyField(field, value));
      const error = await refusal(handlers['session:launch']({ launchCode: launchTampered.launchCode }));
      expect(error.code, field).toBe(TAMPERED_RESPONSE_CODE);
      expect(error.message).toMatch(/not signed by the service's pinned key/);
      expect((await tampered(launchTampered.sessionId))[0]?.details, field).toMatchObject({ reason: 'signature' });

      // Later: the launch passes untouched (the proxy only reads its key), the session's answer is rewritten.
      const laterTampered = await service.createSession({ policy: policy() });
      const rewrite = recomputingRewrite(rewritePolicyField(field, value));
      proxy.rewrite = (answer) => {
        const changed = rewrite(answer);
        return answer.url === '/v1/client/launch' ? undefined : changed;
      };
      const before = proxy.rewritten;
      await handlers['session:launch']({ launchCode: laterTampered.launchCode });
      const later = await refusal(handlers['session:status'](undefined));
      expect(proxy.rewritten, field).toBeGreaterThan(before);
      expect(later.code, field).toBe(TAMPERED_RESPONSE_CODE);
      await vi.waitFor(async () => expect(await tampered(laterTampered.sessionId), field).toHaveLength(1), {
        timeout: 5_000,
      });
      await deps.dispose();
      useClient([service.app.responseSigner.publicKey]);
    }
  });

  it('with the service key pinned, refuses a rewritten quit verifier whose MAC the proxy recomputed', async () => {
    await deps.dispose();
    useClient([service.app.responseSigner.publicKey]);
    const { launchCode, sessionId } = await service.createSession({ policy: policy() });
    const rewrite = recomputingRewrite(rewriteQuitVerifier);
    proxy.rewrite = (answer) => {
      const changed = rewrite(answer);
      return answer.url === '/v1/client/launch' ? undefined : changed;
    };
    await handlers['session:launch']({ launchCode });
    const error = await refusal(handlers['session:request-approval'](undefined));
    expect(error.message).toMatch(/not signed by the service's pinned key/);
    await vi.waitFor(async () => expect(await tampered(sessionId)).toHaveLength(1), { timeout: 5_000 });
  });

  it('with the service key pinned, an untouched session works end to end, event stream included', async () => {
    await deps.dispose();
    useClient([service.app.responseSigner.publicKey]);
    const { launchCode, sessionId } = await service.createSession({ policy: policy() });
    await handlers['session:launch']({ launchCode });
    expect((await handlers['session:status'](undefined)).state).toBe('joined');
    expect((await handlers['session:request-approval'](undefined)).state).toBe('approved');
    for (const answer of proxy.answers.filter((a) => a.url.startsWith('/v1/client/'))) {
      expect(answer.headers[RESPONSE_SIGNATURE_HEADER]).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    }
    await vi.waitFor(() => expect(emitted).toContain('session:event')); // a verified event stream message
    expect(await tampered(sessionId)).toEqual([]);
  });
});
