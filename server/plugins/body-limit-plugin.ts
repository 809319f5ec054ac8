/**
 * Body caps. JSON bodies are capped by Fastify's global `bodyLimit` (1 MiB by default, set in app.ts);
 * the two face routes carry up to 8 base64 frames and get their own cap here; tus PATCH chunks have
 * theirs in the recordings plugin. Over a cap is 413 with the error envelope, judged from
 * Content-Length before the body is read where there is one.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiRoutes } from '../../shared/api/routes';

/** The routes that run the face model: a larger body, and their own rate limit (rate-limit-plugin). */
export const FACE_ROUTE_URLS: ReadonlySet<string> = new Set([apiRoutes.enrollFace.path, apiRoutes.verifyIdentity.path]);

export interface BodyLimitPluginOptions {
  maxFaceJsonBytes: number;
}

export const bodyLimitPlugin = fp(
  async (app: FastifyInstance, options: BodyLimitPluginOptions) => {
    app.addHook('onRoute', (route) => {
      if (FACE_ROUTE_URLS.has(route.url)) route.bodyLimit = options.maxFaceJsonBytes;
    });
  },
  { name: 'vigil-body-limit' },
);
