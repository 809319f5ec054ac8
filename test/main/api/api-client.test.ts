import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { NETWORK_ERROR_CODE } from '../../../main/api/api-error';
import { CLIENT_HEADER } from '../../../main/api/signing-interceptor';
import { BridgeError } from '../../../main/core/bridge-error';
import { RESPONSE_MAC_HEADER, responseMac } from '../../../shared/signing/response-mac';
import { CONTENT_SHA256_HEADER, NONCE_HEADER, sha256Hex } from '../../../shared/signing/shared-key';
import { startClientTestService, type ClientTestService } from '../../support/client-service';

const client = { version: '9.8.7', platform: 'linux', kind: 'desktop' } as const;

describe('ApiClient against the real service (signatures verified by server/app.ts)', () => {
  let service: ClientTestService;
  beforeAll(async () => {
    service = await startClientTestService();
  });
  afterAll(async () => {
    await service.dispose();
  });

  async function launched(): Promise<{ api: ApiClient; sessionId: string }> {
    const { launchCode } = await service.createSession();
    const api = new ApiClient({ serviceUrl: service.baseUrl, client, retry: { retries: 0 } });
    const response = await api.launch(launchCode);
    api.setSessionKey({ keyId: response.keyId, secretKey: response.secretKey });
    return { api, sessionId: response.sessionId };
  }

  it('launches unsigned, then signs GETs and POSTs with the session key so the service accepts them', async () => {
    const { api, sessionId } = await launched();
    const session = await api.session();
    expect(session.sessionId).toBe(sessionId);
    expect(session.state).toBe('joined');

    // A body with non-ASCII text: the signed hash must be of the exact UTF-8 bytes sent.
    await api.reportStep({ flow: 'system', step: 'START', status: 'started', details: { note: 'Prüfung ✓ 試験' } });
    const status = await api.requestApproval();
    expect(status.state).toBe('approved'); // the default policy auto-approves
  });

  it('sends incidents the service stores once per clientId, however often they are re-sent', async () => {
    const { api, sessionId } = await launched();
    const incident = {
      clientId: '0b9f3a52-5d7e-4c43-9a43-0f7e1c0d2a11',
      type: 'FOCUS_LOST' as const,
      occurredAt: new Date().toISOString(),
      details: { durationMs: 1200 },
    };
    const first = await api.postIncidents([incident]);
    const second = await api.postIncidents([incident]);
    expect([first.accepted, first.duplicates]).toEqual([1, 0]);
    expect([second.accepted, second.duplicates]).toEqual([0, 1]);
    const stored = (await service.incidents(sessionId)).filter((i) => i.type === 'FOCUS_LOST');
    expect(stored).toHaveLength(1);
  });

  it("surfaces the service's own error code and message as a BridgeError", async () => {
    const { api } = await launched();
    api.setSessionKey({ keyId: 'not-a-key', secretKey: 'x'.repeat(64) });
    const error = await api.session().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('unknown_key');
    expect((error as BridgeError).message.length).toBeGreaterThan(0);
  });

  it('corrects its clock from the service and retries a clock_skew refusal once', async () => {
    const { api } = await launched();
    // The launch response's serverTime put the offset near zero; now pretend our clock is 2 hours behind.
    expect(Math.abs(api.clock.milliseconds)).toBeLessThan(60_000);
    api.clock.updateFromServerTime(new Date(Date.now() - 2 * 3600_000).toISOString(), Date.now(), Date.now());
    expect(api.clock.milliseconds).toBeLessThan(-3600_000);
    const session = await api.session();
    expect(session.state).toBe('joined');
    expect(Math.abs(api.clock.milliseconds)).toBeLessThan(60_000);
  });

  it('refuses a launch code the service does not know with its code (no retry of a 4xx)', async () => {
    const api = new ApiClient({ serviceUrl: service.baseUrl, client });
    const error = (await api.launch('A'.repeat(32)).catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(['not_found', 'gone']).toContain(error.code);
  });
});

describe('ApiClient retries (a scripted local HTTP server that MACs its answers as the service does)', () => {
  let server: Server;
  let baseUrl: string;
  let script: number[] = [];
  let seen: { method: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        const status = script.shift() ?? 200;
        const body =
          status === 200
            ? JSON.stringify({
                state: 'joined',
                authScore: null,
                stopReason: null,
                serverTime: new Date().toISOString(),
              })
            : JSON.stringify({
                error: { code: status >= 500 ? 'internal' : 'invalid_state', message: `status ${status}` },
              });
        const answered = {
          method: request.method ?? '',
          url: request.url ?? '',
          date: request.headers.date ?? '',
          nonce: String(request.headers[NONCE_HEADER] ?? ''),
        };
        response.writeHead(status, {
          'content-type': 'application/json',
          [RESPONSE_MAC_HEADER]: responseMac('s'.repeat(64), answered, status, body),
        });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    script = [];
    seen = [];
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const api = () => {
    const instance = new ApiClient({
      serviceUrl: baseUrl,
      client,
      retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    instance.setSessionKey({ keyId: 'k1', secretKey: 's'.repeat(64) });
    return instance;
  };

  it('retries an idempotent call after 5xx, signing each attempt afresh (new nonce)', async () => {
    script = [503, 500, 200];
    const status = await api().heartbeat();
    expect(status.state).toBe('joined');
    expect(seen).toHaveLength(3);
    const nonces = new Set(seen.map((request) => request.headers[NONCE_HEADER]));
    expect(nonces.size).toBe(3);
    for (const request of seen) {
      expect(request.headers.authorization).toMatch(/^SharedKeyV2 k1:/);
      expect(request.headers[CONTENT_SHA256_HEADER]).toBe(sha256Hex(request.body));
      expect(request.headers[CLIENT_HEADER]).toBe('vigil/9.8.7 (linux; desktop)');
    }
  });

  it('never retries a 4xx', async () => {
    script = [409, 200];
    const error = (await api()
      .heartbeat()
      .catch((e: unknown) => e)) as BridgeError;
    expect(error.code).toBe('invalid_state');
    expect(seen).toHaveLength(1);
  });

  it('does not retry a non-idempotent POST after a 5xx', async () => {
    script = [503, 200];
    const error = (await api()
      .start()
      .catch((e: unknown) => e)) as BridgeError;
    expect(error.code).toBe('internal');
    expect(seen).toHaveLength(1);
  });

  it('retries network errors on idempotent calls, then reports the network as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const offline = new ApiClient({
      serviceUrl: `http://127.0.0.1:${port}`,
      client,
      retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    offline.setSessionKey({ keyId: 'k1', secretKey: 's'.repeat(64) });
    const error = (await offline.session().catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe(NETWORK_ERROR_CODE);
  });
});
