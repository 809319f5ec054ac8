/**
 * The browser benchmarks' page: a test harness built with Vite and served on loopback through the
 * app:// protocol's own handler, so it gets the renderer's files and security headers (CSP included).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'vite';
import { APP_ORIGIN } from '../main/security/app-origin';

export type AppProtocolHandler = (request: Request) => Promise<Response>;

export async function buildHarnessPage(root: string, html: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, html) } },
    worker: { format: 'es' },
  });
}

export interface HarnessServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves each request with the handler `route` picks for its path (and the path that handler should see). */
export async function serveHarness(
  route: (path: string) => { handler: AppProtocolHandler; path: string },
): Promise<HarnessServer> {
  const server = createServer((request, response) => {
    const { handler, path } = route(new URL(request.url ?? '/', 'http://x').pathname);
    void handler(new Request(`${APP_ORIGIN}${path}`)).then(async (answer) => {
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => (headers[name] = value));
      response.writeHead(answer.status, headers);
      response.end(answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
