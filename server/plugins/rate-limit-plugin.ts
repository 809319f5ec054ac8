/**
 * @fastify/rate-limit, off by default and switched on per route (`config.rateLimit`): the unsigned
 * launch route is the one that needs it. The store is in memory, so with several instances each
 * counts its own share; the launch code's 192 bits are what actually stop guessing.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../lib/http-error';

export const rateLimitPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `Too many requests; try again in ${context.after}`),
    });
  },
  { name: 'vigil-rate-limit' },
);
