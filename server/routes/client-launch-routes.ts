/** POST /v1/client/launch: unsigned (the launch code is the credential) and rate-limited. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { launchResponseKey } from '../../shared/signing/response-mac';
import { defineRoute } from './define-route';

export interface LaunchRouteOptions {
  rateLimit: { max: number; timeWindowMs: number };
}

export const clientLaunchRoutes: FastifyPluginAsyncZod<LaunchRouteOptions> = async (app, options) => {
  defineRoute(
    app,
    apiRoutes.launch,
    {
      config: { rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.timeWindowMs } },
      // The caller has no session key yet: the answer (refusals included) is MACed with the launch code's.
      preHandler: async (request) => {
        request.responseMacKey = launchResponseKey(request.body.launchCode);
      },
    },
    async (request) => app.services.launches.launch(request.body),
  );
};
