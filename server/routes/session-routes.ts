/** Institution routes for its candidate sessions: state, incidents, a new launch code, and the approve/dismiss/close actions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiRoute } from '../../shared/api/route';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import type { InstitutionAction } from '../services/institution-session-service';
import { defineRoute } from './define-route';

/** The institution's actions on a session, each its own route. */
const ACTION_ROUTES = {
  approve: apiRoutes.approveSession,
  dismiss: apiRoutes.dismissSession,
  close: apiRoutes.closeSession,
} as const satisfies Record<InstitutionAction, ApiRoute>;

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  defineRoute(app, apiRoutes.getSession, async (request) =>
    services.institutionSessions.get(accountOf(request).id, request.params.id),
  );

  defineRoute(app, apiRoutes.listSessionIncidents, async (request) =>
    services.institutionSessions.incidents(accountOf(request).id, request.params.id),
  );

  defineRoute(app, apiRoutes.getQuitPassword, async (request) =>
    services.quitPasswords.forAccount(accountOf(request).id, request.params.id),
  );

  defineRoute(app, apiRoutes.reissueLaunchCode, async (request, reply) => {
    reply.code(201);
    return services.exams.reissueLaunchCode(accountOf(request).id, request.params.id);
  });

  for (const action of Object.keys(ACTION_ROUTES) as InstitutionAction[]) {
    defineRoute(app, ACTION_ROUTES[action], async (request) =>
      services.institutionSessions.act(accountOf(request).id, request.params.id, action, request.body?.reason),
    );
  }
};
