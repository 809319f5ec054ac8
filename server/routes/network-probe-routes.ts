/**
 * POST /v1/client/network-probe: the client's upload-speed check posts a few hundred KiB here before
 * the exam. Signed like every client call (the signature covers the bytes, so they are read whole,
 * up to NETWORK_PROBE_MAX_BYTES), counted, and thrown away.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NETWORK_PROBE_MAX_BYTES, networkProbeResponseSchema } from '../../shared/api/client';
import { sessionOf } from '../plugins/auth-plugin';
import { SIGNED, errorResponses, signedWithKey } from './route-schemas';

export const NETWORK_PROBE_PATH = '/v1/client/network-probe';

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

  app.post(
    NETWORK_PROBE_PATH,
    {
      preValidation: app.authenticateSession,
      bodyLimit: NETWORK_PROBE_MAX_BYTES,
      schema: {
        summary: `Upload-speed probe: any body (application/octet-stream, up to ${NETWORK_PROBE_MAX_BYTES / 1024 / 1024} MiB) is counted and discarded`,
        tags: ['client'],
        security: signedWithKey,
        response: { 200: networkProbeResponseSchema, ...errorResponses(...SIGNED, 413, 415) },
      },
    },
    async (request) => {
      sessionOf(request);
      const receivedBytes = request.rawBody?.byteLength ?? 0;
      // Nothing keeps the bytes: drop the reference now rather than with the request.
      request.rawBody = null;
      return { receivedBytes };
    },
  );
};
