/**
 * Console session authentication. `app.consoleGuard(roles)` is the onRequest hook of every console
 * route (define-route.ts adds it from the route entry's `roles`): before a byte of the body is read
 * it finds the session of the cookie and its user in the database (so sign-out, disabling and role
 * changes apply on the very next request), refuses a state-changing request without the CSRF token
 * or from another origin (403 csrf_failed), then a user holding none of the roles (403).
 * `app.consoleSameOrigin` is the origin check alone, for sign-in and invitation acceptance (login CSRF).
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffRole } from '../../shared/api/console';
import { readSessionCookie } from '../console/console-cookie';
import { assertCsrfToken, assertSameOrigin, isStateChanging } from '../console/console-csrf';
import { HttpError } from '../lib/http-error';
import type { AuthenticatedStaff } from '../services/console-session-service';
import type { AuthenticationHook } from './auth-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    consoleGuard(roles: readonly StaffRole[]): AuthenticationHook;
    consoleSameOrigin: AuthenticationHook;
    /** The public URL the console is served from (cookie name, Secure, Origin check); undefined: each request's own. */
    consolePublicUrl: string | undefined;
  }
  interface FastifyRequest {
    /** The console session and its staff user (after consoleGuard). */
    staff: AuthenticatedStaff | null;
  }
}

export interface ConsoleAuthOptions {
  publicBaseUrl?: string | undefined;
}

export const consoleAuthPlugin = fp<ConsoleAuthOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(cookie);
    const publicBaseUrl = options.publicBaseUrl;
    app.decorate('consolePublicUrl', publicBaseUrl);
    app.decorateRequest('staff', null);

    app.decorate('consoleSameOrigin', async (request: FastifyRequest) => {
      if (isStateChanging(request)) assertSameOrigin(request, publicBaseUrl);
    });

    app.decorate('consoleGuard', (roles: readonly StaffRole[]): AuthenticationHook => {
      if (roles.length === 0) throw new Error('A console route must name the roles it admits');
      return async (request) => {
        const token = readSessionCookie(request, publicBaseUrl);
        const staff = token ? await app.services.consoleSessions.authenticate(token) : null;
        if (!staff) throw new HttpError(401, 'unauthorized', 'Not signed in, or the console session has ended');
        if (isStateChanging(request)) {
          assertSameOrigin(request, publicBaseUrl);
          assertCsrfToken(request, staff.session.csrf_token);
        }
        if (!staff.user.roles.some((role) => roles.includes(role))) {
          throw new HttpError(403, 'forbidden', `This needs the role ${roles.join(' or ')}`);
        }
        request.staff = staff;
      };
    });
  },
  { name: 'vigil-console-auth', dependencies: ['vigil-services'] },
);

/** The signed-in staff member; only valid behind consoleGuard. */
export function staffOf(request: FastifyRequest): AuthenticatedStaff {
  if (!request.staff) throw new HttpError(401, 'unauthorized', 'Not signed in');
  return request.staff;
}

/** Where a request came from, for the audit log: request.ip honours VIGIL_TRUST_PROXY like the rate limits. */
export function originOf(request: FastifyRequest): { ip: string | null; userAgent: string | null } {
  return { ip: request.ip || null, userAgent: request.headers['user-agent'] ?? null };
}
