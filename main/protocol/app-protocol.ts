/**
 * The renderer is served from `app://vigil/` (a privileged standard scheme) instead of file://, so it
 * has a real origin for permissions and the IPC sender check, and every response carries the CSP.
 * Files come from the built renderer (and the assets folder); anything outside them is refused.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from '../security/app-origin';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
} as const;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

export interface AppProtocolOptions {
  /** Searched in order: the built renderer first, then the assets folder. */
  roots: readonly string[];
  index?: string;
}

/** The file a request path maps to under `root`, or null when it would leave `root`. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const target = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return target === base || target.startsWith(base + sep) ? target : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const index = options.index ?? 'index.html';
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'Not found');
    const pathname = url.pathname === '/' ? `/${index}` : url.pathname;

    for (const root of options.roots) {
      const file = resolveInside(root, pathname);
      if (file === null) return refuse(403, 'Forbidden');
      if (!(await isFile(file))) continue;
      const body = request.method === 'HEAD' ? null : await readFile(file);
      const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': type } });
    }
    // Client-side routes (no file extension) get the app's page; missing files a 404.
    if (!extname(pathname)) {
      const file = resolveInside(options.roots[0] ?? '.', `/${index}`);
      if (file && (await isFile(file))) {
        return new Response(await readFile(file), {
          status: 200,
          headers: { ...SECURITY_HEADERS, 'content-type': MIME_TYPES['.html']! },
        });
      }
    }
    return refuse(404, 'Not found');
  };
}
