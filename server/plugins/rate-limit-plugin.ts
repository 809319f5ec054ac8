/**
 * Rate limits, with @fastify/rate-limit's counters. The unsigned launch route counts per client
 * address (`request.ip`: behind a proxy, the address the proxies named in `trustProxy` forwarded).
 * Signed routes count per key instead, right after the header check in onRequest and before the body
 * is read: per session on client routes (and far fewer on the face routes, which run the model), and
 * per account over the account's own calls and all its sessions', so no tenant can starve the others.
 * Over a limit is 429 with the error envelope and Retry-After. The counters are in memory: with several
 * instances each counts its own share.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../lib/http-error';
import { FACE_ROUTE_URLS } from './body-limit-plugin';

export interface Limit {
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  /** Every client route, per session. */
  session: Limit;
  /** The face routes, per session: each call runs face detection on up to 8 frames. */
  sessionFace: Limit;
  /** Every signed call of an account: its own and all its sessions'. */
  account: Limit;
  /** The face routes over all of an account's sessions. */
  accountFace: Limit;
}

const MINUTE = 60_000;
export const DEFAULT_RATE_LIMITS: RateLimits = {
  session: { max: 600, timeWindowMs: MINUTE },
  sessionFace: { max: 6, timeWindowMs: MINUTE },
  account: { max: 30_000, timeWindowMs: MINUTE },
  accountFace: { max: 600, timeWindowMs: MINUTE },
};

type Counter = ReturnType<FastifyInstance['createRateLimit']>;

export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: { limits?: Partial<RateLimits> | undefined }) => {
    await app.register(rateLimit, {
      global: false,
      // Keys per counter: sessions and accounts active within a window.
      cache: 50_000,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `Too many requests; try again in ${context.after}`),
    });
    const given = Object.entries(options.limits ?? {}).filter(([, limit]) => limit !== undefined);
    const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...Object.fromEntries(given) };

    const accountIdOf = (request: FastifyRequest) => request.clientSession?.account_id ?? request.account?.id;
    const counter = (limit: Limit, key: (request: FastifyRequest) => string): Counter =>
      app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: key });
    const counters = {
      session: counter(limits.session, (request) => `session:${request.clientSession?.id}`),
      sessionFace: counter(limits.sessionFace, (request) => `session:${request.clientSession?.id}`),
      account: counter(limits.account, (request) => `account:${accountIdOf(request)}`),
      accountFace: counter(limits.accountFace, (request) => `account:${accountIdOf(request)}`),
    };

    async function limitSignedCall(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const face = FACE_ROUTE_URLS.has(request.routeOptions.url ?? '');
      const applicable: Counter[] = [];
      if (request.clientSession) applicable.push(...(face ? [counters.sessionFace] : []), counters.session);
      if (accountIdOf(request) !== undefined)
        applicable.push(...(face ? [counters.accountFace] : []), counters.account);
      for (const count of applicable) {
        const result = await count(request);
        if (!result.isAllowed && result.isExceeded) {
          reply.header('retry-after', String(result.ttlInSeconds));
          const what = face ? 'face checks' : 'requests';
          throw new HttpError(429, 'rate_limited', `Too many ${what}; try again in ${result.ttlInSeconds} s`);
        }
      }
    }

    // After auth-plugin's onRoute hook has put the header check first: count only who it admitted.
    app.addHook('onRoute', (route) => {
      const hooks = route.onRequest ? [route.onRequest].flat() : [];
      if (!hooks.includes(app.signedBySession) && !hooks.includes(app.signedByAccount)) return;
      route.onRequest = [...hooks, limitSignedCall];
    });
  },
  { name: 'vigil-rate-limit', dependencies: ['vigil-auth'] },
);
