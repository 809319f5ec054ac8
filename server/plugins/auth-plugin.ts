/**
 * Signed-request authentication for Fastify routes. `app.authenticateAccount` admits institution
 * keys, `app.authenticateSession` a candidate's session key; each puts what it found on the
 * request. Use them as `preValidation` (so an unsigned request is refused before its body is
 * judged) or `preHandler`. `app.verifySignedRequest` is the same check for code outside Fastify's routing.
 *
 * A route with either of them as `preValidation` also gets the header-only check as `onRequest`
 * (added here by an onRoute hook); a route that authenticates in its handler (tus, downloads) names
 * `app.signedBySession` / `app.signedByAccount` as its `onRequest`. So the signature, Date and key
 * are judged before a byte of the body is read, and the full check after it adds the body's hash.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createDatabaseKeyResolver, createDatabaseNonceRegistry } from '../auth/database-key-resolver';
import {
  verifySignedHeaders,
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
    /** onRequest: the signature, Date and key of an institution call, before its body is read. */
    signedByAccount: AuthenticationHook;
    /** onRequest: the same for a session key. */
    signedBySession: AuthenticationHook;
  }
  interface FastifyRequest {
    /** The institution account that signed the request (after authenticateAccount). */
    account: AccountRow | null;
    /** The candidate session whose key signed the request (after authenticateSession). */
    clientSession: SessionRow | null;
  }
}

const EMPTY_BODY = new Uint8Array(0);
const UNREAD_BODY_CLOSE_BYTES = 64 * 1024;

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const { database, secrets, clock } = app;
    const { db, engine } = database;
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

    async function verifyHeaders(request: FastifyRequest): Promise<AuthSuccess['principal']> {
      const result = await verifySignedHeaders(
        { method: request.method, url: request.url, headers: request.headers },
        context,
      );
      if (!result.ok) throw new HttpError(result.statusCode, result.code, result.message);
      return result.principal;
    }

    function asAccount(request: FastifyRequest, principal: AuthSuccess['principal']): void {
      if (principal.kind !== 'account') {
        throw new HttpError(403, 'forbidden', 'A session key cannot call institution routes');
      }
      request.account = principal.account;
    }

    function asSession(request: FastifyRequest, principal: AuthSuccess['principal']): void {
      if (principal.kind !== 'session') {
        throw new HttpError(403, 'forbidden', 'Client routes take the session key from /v1/client/launch');
      }
      request.clientSession = principal.session;
    }

    app.decorate('authenticateAccount', async (request: FastifyRequest) => asAccount(request, await verify(request)));
    app.decorate('authenticateSession', async (request: FastifyRequest) => asSession(request, await verify(request)));
    app.decorate('signedByAccount', async (request: FastifyRequest) =>
      asAccount(request, await verifyHeaders(request)),
    );
    app.decorate('signedBySession', async (request: FastifyRequest) =>
      asSession(request, await verifyHeaders(request)),
    );

    app.addHook('onRoute', (route) => {
      const hooks = [route.preValidation, route.preHandler].flat();
      const early = hooks.includes(app.authenticateSession)
        ? app.signedBySession
        : hooks.includes(app.authenticateAccount)
          ? app.signedByAccount
          : undefined;
      if (!early) return;
      // First, so nothing else (rate limits, body parsing) runs for an unsigned request.
      const existing = route.onRequest ? [route.onRequest].flat() : [];
      if (!existing.includes(early)) route.onRequest = [early, ...existing];
    });

    // A refused request with a large body still unread: close the connection rather than let Node
    // drain up to 16 MiB into nothing to keep the socket alive. Small bodies are drained as usual.
    app.addHook('onSend', async (request, reply) => {
      if (reply.statusCode < 400 || request.raw.complete) return;
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > UNREAD_BODY_CLOSE_BYTES || request.headers['transfer-encoding'] !== undefined) {
        reply.header('connection', 'close');
      }
    });
  },
  { name: 'vigil-auth', dependencies: ['vigil-clock', 'vigil-database', 'vigil-master-key', 'vigil-raw-body'] },
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
