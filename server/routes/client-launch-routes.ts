/** POST /v1/client/launch: unsigned (the launch code is the credential) and rate-limited. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { launchRequestSchema, launchResponseSchema } from '../../shared/api/client';
import { launchResponseKey } from '../../shared/signing/response-mac';
import { errorResponses } from './route-schemas';

export interface LaunchRouteOptions {
  rateLimit: { max: number; timeWindowMs: number };
}

export const clientLaunchRoutes: FastifyPluginAsyncZod<LaunchRouteOptions> = async (app, options) => {
  app.post(
    '/v1/client/launch',
    {
      config: { rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.timeWindowMs } },
      // The caller has no session key yet: the answer (refusals included) is MACed with the launch code's.
      preHandler: async (request) => {
        request.responseMacKey = launchResponseKey(request.body.launchCode);
      },
      schema: {
        summary: 'Trade a launch code for the session and its session-scoped key',
        description:
          'The code is single use and expires (410 when used or expired, 404 when unknown). A preview client is refused (403) when the policy disallows it.',
        tags: ['client'],
        body: launchRequestSchema,
        response: { 200: launchResponseSchema, ...errorResponses(400, 403, 404, 409, 410, 429) },
      },
    },
    async (request) => app.services.launches.launch(request.body),
  );
};
