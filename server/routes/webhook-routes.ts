/** The account's webhook receiver and which incident types it gets. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  defineRoute(app, apiRoutes.putWebhook, async (request) =>
    services.accounts.setWebhook(accountOf(request).id, request.body),
  );

  defineRoute(app, apiRoutes.getWebhook, async (request) => services.accounts.webhookConfig(accountOf(request)));
};
