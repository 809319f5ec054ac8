/** The calling institution's account: its settings (never a secret) and a new webhook signing secret. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountSchema, rotatedWebhookSecretSchema } from '../../shared/api/accounts';
import { accountOf } from '../plugins/auth-plugin';
import { SIGNED, emptyBodySchema, errorResponses, signedWithKey } from './route-schemas';

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/v1/account',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Read the account: whether SharedKey (V1) is allowed, the webhook URL, when keys were rotated',
        tags: ['institution'],
        security: signedWithKey,
        response: { 200: accountSchema, ...errorResponses(...SIGNED) },
      },
    },
    async (request) => services.accounts.summarize(accountOf(request)),
  );

  app.post(
    '/v1/account/webhook-secret',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Replace the webhook signing secret (whsec_…, shown once); X-Signature uses it from the next attempt',
        tags: ['institution'],
        security: signedWithKey,
        body: emptyBodySchema,
        response: { 200: rotatedWebhookSecretSchema, ...errorResponses(...SIGNED) },
      },
    },
    async (request, reply) => {
      // A secret shown once must not sit in a shared cache.
      void reply.header('cache-control', 'no-store');
      return services.accounts.rotateWebhookSecret(accountOf(request).id);
    },
  );
};
