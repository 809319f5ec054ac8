/** GET /healthz: the process answers and its database does. */
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { defineRoute } from './define-route';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  defineRoute(app, apiRoutes.health, async () => {
    await sql`select 1`.execute(app.database.db);
    return { status: 'ok' as const, database: app.database.engine };
  });
};
