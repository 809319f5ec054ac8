/**
 * The preview bridge end to end in Node: main/preview/bridge-host.ts on 127.0.0.1 and the renderer's
 * HTTP transport talking to it over real HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type IpcError } from '../../../shared/ipc/contract';
import { createBridge, type VigilBridge } from '../../../shared/ipc/bridge';
import { BridgeError } from '../../../main/core/bridge-error';
import type { InvokeHandlers } from '../../../main/ipc/invoke-handlers';
import { silentLogger } from '../../../main/logger';
import { CONTENT_SECURITY_POLICY } from '../../../main/protocol/content-security-policy';
import { startBridgeHost, type BridgeHost } from '../../../main/preview/bridge-host';
import { createHttpTransport, takeBridgeToken } from '../../../renderer/bridge/http-bridge';
import { waitFor } from '../../support/wait-for';

let host: BridgeHost;
let root: string;
let bridge: VigilBridge;
const enrolled: Uint8Array[][] = [];

function handlers(): InvokeHandlers {
  const refuse = async () => {
    throw new BridgeError('unavailable', 'Not in this test.');
  };
  const all = Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, refuse])) as unknown as InvokeHandlers;
  return {
    ...all,
    'app:info': async () => ({
      version: '1.2.3',
      preview: true,
      managed: false,
      platform: 'linux',
      pendingLaunchCode: 'ABC',
    }),
    'identity:enroll': async ({ snapshots }) => {
      enrolled.push(snapshots);
      return { enrolled: true, usableSnapshots: snapshots.length, referenceSimilarity: null, referenceMatched: null };
    },
    'checks:report-step': async () => {
      throw new Error('database on fire with a secret path /etc/x');
    },
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vigil-bridge-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Vigil</title>');
  host = await startBridgeHost({
    handlers: handlers(),
    staticRoots: [root],
    log: silentLogger,
    validateResponses: true,
  });
  bridge = createBridge(createHttpTransport(`${host.origin}/`, host.token));
});

afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

describe('preview bridge host', () => {
  it('serves the renderer with the app protocol CSP', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Vigil</title>');
    expect((await fetch(`${host.origin}/missing.js`)).status).toBe(404);
  });

  it('answers invokes through the same handlers', async () => {
    await expect(bridge.invoke('app:info')).resolves.toMatchObject({ version: '1.2.3', pendingLaunchCode: 'ABC' });
  });

  it('carries bytes through the wire encoding', async () => {
    const snapshot = new Uint8Array([0xff, 0xd8, 0, 1, 2, 0xff, 0xd9]);
    const result = await bridge.invoke('identity:enroll', { snapshots: [snapshot] });
    expect(result.usableSnapshots).toBe(1);
    const received = enrolled.at(-1)![0]!;
    expect(received).toBeInstanceOf(Uint8Array);
    expect([...received]).toEqual([...snapshot]);
  });

  it('validates payloads with the contract schemas', async () => {
    await expect(bridge.invoke('session:launch', { launchCode: '' })).rejects.toMatchObject({
      code: 'bad_request',
    } satisfies Partial<IpcError>);
    await expect(bridge.invoke('identity:enroll', { snapshots: [] })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('passes BridgeErrors through and hides other errors', async () => {
    await expect(bridge.invoke('session:start')).rejects.toEqual({ code: 'unavailable', message: 'Not in this test.' });
    const hidden = await bridge
      .invoke('checks:report-step', { flow: 'system', step: 'START', status: 'passed' })
      .catch((error: IpcError) => error);
    expect(hidden).toMatchObject({ code: 'internal' });
    expect((hidden as IpcError).message).not.toContain('/etc/x');
  });

  it('refuses calls without the token, from another origin or another host name', async () => {
    const plain = await fetch(`${host.origin}/bridge/invoke/app:info`, { method: 'POST' });
    expect(plain.status).toBe(401);
    const wrong = createBridge(createHttpTransport(`${host.origin}/`, 'not-the-token'));
    await expect(wrong.invoke('app:info')).rejects.toMatchObject({ code: 'http_401' });
    const foreign = await fetch(`${host.origin}/bridge/invoke/app:info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const port = new URL(host.origin).port;
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(421);
    expect(
      (
        await fetch(`${host.origin}/bridge/invoke/no:such`, {
          method: 'POST',
          headers: { authorization: `Bearer ${host.token}` },
        })
      ).status,
    ).toBe(404);
  });

  it('streams events that fit the contract, and drops those that do not', async () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.on('network:status', (payload) => received.push(payload));
    await waitFor(() => host.eventConnections() === 1, {
      describe: 'the page’s event connection on the host',
      timeoutMs: 5_000,
    });
    host.emit('network:status', { online: false, secretPath: '/home/x' } as never);
    host.emit('disk:low', { freeBytes: 'lots' } as never);
    host.emit('network:status', { online: true });
    await waitFor(() => received.length >= 2, { describe: 'two events at the page', timeoutMs: 5_000 });
    expect(received).toEqual([{ online: false }, { online: true }]);
    unsubscribe();
  });
});

describe('token hand-over', () => {
  it('takes the token from the fragment once, then from session storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as Storage;
    const replaced: string[] = [];
    const history = { replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) } as History;
    expect(takeBridgeToken({ hash: '#vigil-token=abc123', pathname: '/', search: '' }, storage, history)).toBe(
      'abc123',
    );
    expect(replaced).toEqual(['/']);
    expect(takeBridgeToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBe('abc123');
    expect(
      takeBridgeToken({ hash: '', pathname: '/', search: '' }, { getItem: () => null } as unknown as Storage),
    ).toBeNull();
  });
});
