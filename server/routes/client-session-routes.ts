/** The candidate's client, signed with its session key (SharedKeyV2): it can only touch its own session. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { sessionOf } from '../plugins/auth-plugin';
import { defineRoute } from './define-route';

export const clientSessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  defineRoute(app, apiRoutes.getClientSession, async (request) =>
    services.clientSessions.describe(sessionOf(request).id),
  );

  defineRoute(app, apiRoutes.reportStep, async (request) =>
    services.clientSessions.reportStep(sessionOf(request).id, request.body),
  );

  defineRoute(app, apiRoutes.enrollFace, async (request) =>
    services.identity.enroll(sessionOf(request).id, request.body.snapshots),
  );

  defineRoute(app, apiRoutes.verifyIdentity, async (request) =>
    services.identity.verify(sessionOf(request).id, request.body),
  );

  defineRoute(app, apiRoutes.postIncidents, async (request) =>
    services.clientSessions.recordIncidents(sessionOf(request).id, request.body.incidents),
  );

  defineRoute(app, apiRoutes.requestApproval, async (request) =>
    services.clientSessions.requestApproval(sessionOf(request).id, request.body?.recordingOffsetMs),
  );

  defineRoute(app, apiRoutes.startSession, async (request) =>
    services.clientSessions.start(sessionOf(request).id, request.body?.recordingOffsetMs),
  );

  defineRoute(app, apiRoutes.finishSession, async (request) =>
    services.clientSessions.finish(sessionOf(request).id, request.body?.recordingOffsetMs),
  );

  defineRoute(app, apiRoutes.heartbeat, async (request) =>
    services.clientSessions.heartbeat(sessionOf(request).id, request.body?.recordingOffsetMs),
  );
};
