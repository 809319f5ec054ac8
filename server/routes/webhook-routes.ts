/** The account's webhook receiver and which incident types it gets. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { putWebhookRequestSchema, webhookConfigSchema } from '../../shared/api/webhooks';
import type { IncidentType } from '../../shared/incidents';
import type { AccountRow } from '../db/schema';
import { HttpError } from '../lib/http-error';
import { checkWebhookUrl } from '../webhooks/webhook-target';
import { accountOf } from '../plugins/auth-plugin';
import { SIGNED, errorResponses, signedWithKey } from './route-schemas';

const presentConfig = (account: Pick<AccountRow, 'webhook_url' | 'webhook_incident_types'>) => ({
  url: account.webhook_url,
  incidentTypes: JSON.parse(account.webhook_incident_types) as IncidentType[],
});

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
    async (request) => {
      const account = accountOf(request);
      const refused = request.body.url ? await checkWebhookUrl(request.body.url) : null;
      if (refused) throw new HttpError(400, 'validation_failed', refused, [{ path: 'body/url', message: refused }]);
      await services.repositories.accounts.updateWebhook(account.id, request.body.url, request.body.incidentTypes);
      return presentConfig({
        webhook_url: request.body.url,
        webhook_incident_types: JSON.stringify(request.body.incidentTypes),
      });
    },
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
    async (request) => presentConfig(accountOf(request)),
  );
};
