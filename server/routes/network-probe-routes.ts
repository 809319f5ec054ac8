/**
 * POST /v1/client/network-probe: the client's upload-speed check posts a few hundred KiB here before
 * the exam. Signed like every client call (the signature covers the bytes, so they are read whole,
 * up to NETWORK_PROBE_MAX_BYTES), counted, and thrown away.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NETWORK_PROBE_MAX_BYTES } from '../../shared/api/client';
import { apiRoutes } from '../../shared/api/routes';
import { sessionOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

export const networkProbeRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: elsewhere an octet-stream body is still 415.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: NETWORK_PROBE_MAX_BYTES },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, undefined);
    },
  );

  defineRoute(app, apiRoutes.networkProbe, { bodyLimit: NETWORK_PROBE_MAX_BYTES }, async (request) => {
    sessionOf(request);
    const receivedBytes = request.rawBody?.byteLength ?? 0;
    // Nothing keeps the bytes: drop the reference now rather than with the request.
    request.rawBody = null;
    return { receivedBytes };
  });
};
