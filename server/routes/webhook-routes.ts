/** The account's webhook receiver and which incident types it gets. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { putWebhookRequestSchema, webhookConfigSchema } from '../../shared/api/webhooks';
import { accountOf } from '../plugins/auth-plugin';
import { SIGNED, errorResponses, signedWithKey } from './route-schemas';

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.put(
    '/v1/webhooks',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Set (or with url null, remove) the webhook receiver and its incident-type filter',
        tags: ['institution'],
        security: signedWithKey,
        body: putWebhookRequestSchema,
        response: { 200: webhookConfigSchema, ...errorResponses(...SIGNED) },
      },
    },
    async (request) => services.accounts.setWebhook(accountOf(request).id, request.body),
  );

  app.get(
    '/v1/webhooks',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Read the webhook configuration',
        tags: ['institution'],
        security: signedWithKey,
        response: { 200: webhookConfigSchema, ...errorResponses(...SIGNED) },
      },
    },
    async (request) => services.accounts.webhookConfig(accountOf(request)),
  );
};
