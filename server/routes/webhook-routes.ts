/** The account's webhook receiver and which incident types it gets. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import type { IncidentType } from '../../shared/incidents';
import type { AccountRow } from '../db/schema';
import { HttpError } from '../lib/http-error';
import { checkWebhookUrl } from '../webhooks/webhook-target';
import { accountOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

const presentConfig = (account: Pick<AccountRow, 'webhook_url' | 'webhook_incident_types'>) => ({
  url: account.webhook_url,
  incidentTypes: JSON.parse(account.webhook_incident_types) as IncidentType[],
});

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  defineRoute(app, apiRoutes.putWebhook, async (request) => {
    const account = accountOf(request);
    const refused = request.body.url ? await checkWebhookUrl(request.body.url) : null;
    if (refused) throw new HttpError(400, 'validation_failed', refused, [{ path: 'body/url', message: refused }]);
    await services.repositories.accounts.updateWebhook(account.id, request.body.url, request.body.incidentTypes);
    return presentConfig({
      webhook_url: request.body.url,
      webhook_incident_types: JSON.stringify(request.body.incidentTypes),
    });
  });

  defineRoute(app, apiRoutes.getWebhook, async (request) => presentConfig(accountOf(request)));
};
