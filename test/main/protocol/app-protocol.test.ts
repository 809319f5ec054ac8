import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveInside } from '../../../main/protocol/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/protocol/content-security-policy';

describe('app:// protocol', () => {
  let root: string;
  let outside: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'vigil-protocol-'));
    root = join(base, 'renderer');
    outside = join(base, 'secret.txt');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Vigil</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'tfjs-backend-wasm.wasm'), Buffer.from([0, 97, 115, 109]));
    await writeFile(outside, 'not for the renderer');
    handler = createAppProtocolHandler({ roots: [root] });
  });
  afterAll(async () => {
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  it('is registered privileged: standard, secure, fetch and streaming', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    });
  });

  it('serves the renderer with the strict CSP (wasm-unsafe-eval for Human) and the right types', async () => {
    const page = await handler(new Request('app://vigil/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Vigil</title>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'(?!)/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await handler(new Request('app://vigil/'))).status).toBe(200);
    expect((await handler(new Request('app://vigil/assets/app.js'))).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    expect((await handler(new Request('app://vigil/assets/tfjs-backend-wasm.wasm'))).headers.get('content-type')).toBe(
      'application/wasm',
    );
  });

  it('refuses path traversal, other hosts and other methods', async () => {
    for (const url of [
      'app://vigil/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://vigil/..%5csecret.txt',
      'app://vigil/%2e%2e%2fsecret.txt',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(403);
      expect(await response.text()).not.toContain('not for the renderer');
    }
    // Dot segments, plain or %2e-encoded, are already resolved inside the root by URL parsing.
    for (const url of ['app://vigil/../secret.txt', 'app://vigil/%2e%2e/secret.txt']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('not for the renderer');
    }
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://vigil/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handler(new Request('app://vigil/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://vigil/checks/identity'))).status).toBe(200); // client-side route
  });

  it('resolveInside keeps every path under its root', () => {
    expect(resolveInside('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
    expect(resolveInside('/srv/r', '/../../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/r', '/%2e%2e/x')).toBeNull();
    expect(resolveInside('/srv/r', '/a%00.js')).toBeNull();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeNull();
  });
});
