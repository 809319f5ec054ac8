/**
 * The console session cookie: httpOnly, SameSite=Strict, Path=/, and Secure with the `__Host-`
 * prefix (which browsers only accept Secure, host-only and on Path=/) everywhere except plain http
 * on loopback, where a browser would drop a Secure cookie (tests, a developer's machine).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_ABSOLUTE_TIMEOUT_MS } from '../services/console-session-service';

export const SECURE_COOKIE_NAME = '__Host-vigil_console';
export const LOOPBACK_COOKIE_NAME = 'vigil_console';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The origin the console is served from: the configured public URL, else the request's own. */
export function consoleOrigin(request: FastifyRequest, publicBaseUrl: string | undefined): URL {
  return new URL(publicBaseUrl ?? `${request.protocol}://${request.host}`);
}

export function cookieIsSecure(request: FastifyRequest, publicBaseUrl: string | undefined): boolean {
  const origin = consoleOrigin(request, publicBaseUrl);
  return !(origin.protocol === 'http:' && LOOPBACK_HOSTS.has(origin.hostname));
}

export function cookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE_NAME : LOOPBACK_COOKIE_NAME;
}

/** The cookie's token from the request, under the name this origin uses (never the other one). */
export function readSessionCookie(request: FastifyRequest, publicBaseUrl: string | undefined): string | undefined {
  return request.cookies[cookieName(cookieIsSecure(request, publicBaseUrl))];
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  publicBaseUrl: string | undefined,
): void {
  const secure = cookieIsSecure(request, publicBaseUrl);
  reply.setCookie(cookieName(secure), token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    // The server ends it sooner (idle 30 min); this only stops the browser keeping a dead one longer.
    maxAge: CONSOLE_ABSOLUTE_TIMEOUT_MS / 1000,
  });
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicBaseUrl: string | undefined,
): void {
  const secure = cookieIsSecure(request, publicBaseUrl);
  reply.clearCookie(cookieName(secure), { httpOnly: true, sameSite: 'strict', path: '/', secure });
}
