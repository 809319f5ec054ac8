/** Institution routes for its candidate sessions: state, incidents, a new launch code, and the approve/dismiss/close actions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createSessionResponseSchema,
  incidentListSchema,
  quitPasswordResponseSchema,
  sessionActionRequestSchema,
  sessionSchema,
} from '../../shared/api/sessions';
import { accountOf } from '../plugins/auth-plugin';
import type { InstitutionAction } from '../services/institution-session-service';
import { SIGNED, errorResponses, idParamsSchema, signedWithKey } from './route-schemas';

const ACTIONS: Record<InstitutionAction, string> = {
  approve: 'Approve a session that requested approval (SESSION_APPROVED)',
  dismiss: 'Dismiss an open session (SESSION_DISMISSED)',
  close: 'Close a session (SESSION_CLOSED)',
};

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/v1/sessions/:id',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Read a session: state, auth score and incident counts per severity',
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        response: { 200: sessionSchema, ...errorResponses(...SIGNED, 404) },
      },
    },
    async (request) => services.institutionSessions.get(accountOf(request).id, request.params.id),
  );

  app.get(
    '/v1/sessions/:id/incidents',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: "List a session's incidents in the order they happened",
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        response: { 200: incidentListSchema, ...errorResponses(...SIGNED, 404) },
      },
    },
    async (request) => services.institutionSessions.incidents(accountOf(request).id, request.params.id),
  );

  app.get(
    '/v1/sessions/:id/quit-password',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: "The session's own quit password, for the proctor (the client holds only its verifier, once approved)",
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        response: { 200: quitPasswordResponseSchema, ...errorResponses(...SIGNED, 404) },
      },
    },
    async (request) => services.quitPasswords.forAccount(accountOf(request).id, request.params.id),
  );

  app.post(
    '/v1/sessions/:id/launch-code',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Issue a new launch code for a session not launched yet (the old code stops working)',
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        response: { 201: createSessionResponseSchema, ...errorResponses(...SIGNED, 404, 409) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return services.exams.reissueLaunchCode(accountOf(request).id, request.params.id);
    },
  );

  for (const [action, summary] of Object.entries(ACTIONS) as Array<[InstitutionAction, string]>) {
    app.post(
      `/v1/sessions/:id/${action}`,
      {
        preValidation: app.authenticateAccount,
        schema: {
          summary,
          tags: ['institution'],
          security: signedWithKey,
          params: idParamsSchema,
          body: sessionActionRequestSchema.nullish(),
          response: { 200: sessionSchema, ...errorResponses(...SIGNED, 404, 409) },
        },
      },
      async (request) =>
        services.institutionSessions.act(accountOf(request).id, request.params.id, action, request.body?.reason),
    );
  }
};
