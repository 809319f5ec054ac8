/** The calling institution's account: its settings (never a secret) and a new webhook signing secret. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  defineRoute(app, apiRoutes.getAccount, async (request) => services.accounts.summarize(accountOf(request)));

  defineRoute(app, apiRoutes.rotateWebhookSecret, async (request, reply) => {
    // A secret shown once must not sit in a shared cache.
    void reply.header('cache-control', 'no-store');
    return services.accounts.rotateWebhookSecret(accountOf(request).id);
  });
};
