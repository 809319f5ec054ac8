/**
 * CSRF defences for state-changing console requests, both required: the request comes from the
 * console's own origin (Sec-Fetch-Site: same-origin, or an Origin equal to it; a request with
 * neither is refused, as every current browser sends one), and carries X-CSRF-Token equal to the
 * session's synchronizer token, compared in constant time.
 */
import type { FastifyRequest } from 'fastify';
import { CONSOLE_CSRF_HEADER } from '../../shared/api/console';
import { tokensEqual } from '../crypto/console-tokens';
import { HttpError } from '../lib/http-error';
import { consoleOrigin } from './console-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChanging = (request: FastifyRequest) => !SAFE_METHODS.has(request.method);

const csrfFailed = (message: string) => new HttpError(403, 'csrf_failed', message);

export function assertSameOrigin(request: FastifyRequest, publicBaseUrl: string | undefined): void {
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (fetchSite === undefined && origin === undefined) {
    throw csrfFailed('A console request must come from the console (no Origin or Sec-Fetch-Site)');
  }
  if (fetchSite !== undefined && fetchSite !== 'same-origin') {
    throw csrfFailed('A console request must come from the console (Sec-Fetch-Site is not same-origin)');
  }
  if (origin !== undefined && origin !== consoleOrigin(request, publicBaseUrl).origin) {
    throw csrfFailed('A console request must come from the console (Origin differs)');
  }
}

export function assertCsrfToken(request: FastifyRequest, expected: string): void {
  const given = request.headers[CONSOLE_CSRF_HEADER];
  if (typeof given !== 'string' || !tokensEqual(given, expected)) {
    throw csrfFailed(`Missing or wrong ${CONSOLE_CSRF_HEADER}: send the csrfToken from GET /console/api/me`);
  }
}
