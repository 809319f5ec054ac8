/**
 * The service a build may talk to. A production build talks https only: over plain http a proxy on the
 * candidate's network (or the candidate's own) reads the session key's signatures and rewrites the
 * policy. Plain http is for loopback in development builds and tests (`npm start`, the test suites).
 */
/** Where a development build looks for the service when nothing else says (`npm start`'s local service). */
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8080';

export function defaultServiceUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIGIL_SERVICE_URL?.trim() || DEFAULT_SERVICE_URL;
}

export class ServiceOriginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceOriginError';
  }
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** null when `url` is acceptable for this build, else why not. */
export function serviceUrlProblem(url: string, production: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (parsed.username || parsed.password) return `${parsed.origin} must not carry a user name or password`;
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return `${url} is neither https nor http`;
  if (production) return `${parsed.origin} is plain http; a production build talks to its service over https only`;
  if (!isLoopbackHost(parsed.hostname)) {
    return `${parsed.origin} is plain http to another machine; plain http is accepted for loopback only (127.0.0.1, ::1, localhost)`;
  }
  return null;
}
