/** The audit log of staff actions through the signed institution API (the console has its own route). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

export const auditLogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services, repositories } = app;
  defineRoute(app, apiRoutes.getAuditLog, async (request) =>
    services.audit.list(repositories, accountOf(request).id, request.query),
  );
};
