/**
 * Signed-request authentication for Fastify routes. `app.authenticateAccount` admits institution
 * keys, `app.authenticateSession` a candidate's session key; each puts what it found on the
 * request. Use them as `preValidation` (so an unsigned request is refused before its body is
 * judged) or `preHandler`. `app.verifySignedRequest` is the same check for code outside Fastify's routing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createDatabaseKeyResolver, createDatabaseNonceRegistry } from '../auth/database-key-resolver';
import {
  verifySignedRequest,
  type AuthSuccess,
  type SignedRequest,
  type VerifyResult,
} from '../auth/verify-signed-request';
import type { AccountRow, SessionRow } from '../db/schema';
import { HttpError } from '../lib/http-error';

export type AuthenticationHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    verifySignedRequest(request: SignedRequest): Promise<VerifyResult>;
    authenticateAccount: AuthenticationHook;
    authenticateSession: AuthenticationHook;
  }
  interface FastifyRequest {
    /** The institution account that signed the request (after authenticateAccount). */
    account: AccountRow | null;
    /** The candidate session whose key signed the request (after authenticateSession). */
    clientSession: SessionRow | null;
  }
}

const EMPTY_BODY = new Uint8Array(0);

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const { db, engine, secrets, clock } = app.services;
    const context = {
      keys: createDatabaseKeyResolver(db, engine, secrets),
      nonces: createDatabaseNonceRegistry(db, engine),
      now: clock,
    };
    app.decorate('verifySignedRequest', (request: SignedRequest) => verifySignedRequest(request, context));
    app.decorateRequest('account', null);
    app.decorateRequest('clientSession', null);

    async function verify(request: FastifyRequest): Promise<AuthSuccess['principal']> {
      const result = await app.verifySignedRequest({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.rawBody ?? EMPTY_BODY,
      });
      if (!result.ok) throw new HttpError(result.statusCode, result.code, result.message);
      return result.principal;
    }

    app.decorate('authenticateAccount', async (request: FastifyRequest) => {
      const principal = await verify(request);
      if (principal.kind !== 'account') {
        throw new HttpError(403, 'forbidden', 'A session key cannot call institution routes');
      }
      request.account = principal.account;
    });

    app.decorate('authenticateSession', async (request: FastifyRequest) => {
      const principal = await verify(request);
      if (principal.kind !== 'session') {
        throw new HttpError(403, 'forbidden', 'Client routes take the session key from /v1/client/launch');
      }
      request.clientSession = principal.session;
    });
  },
  { name: 'vigil-auth', dependencies: ['vigil-services', 'vigil-raw-body'] },
);

/** The authenticated account; only valid behind authenticateAccount. */
export function accountOf(request: FastifyRequest): AccountRow {
  if (!request.account) throw new HttpError(401, 'unauthorized', 'Not authenticated');
  return request.account;
}

/** The authenticated session; only valid behind authenticateSession. */
export function sessionOf(request: FastifyRequest): SessionRow {
  if (!request.clientSession) throw new HttpError(401, 'unauthorized', 'Not authenticated');
  return request.clientSession;
}
