/** Institution routes for exams and for creating candidate sessions (signed with the account key). */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { accountOf } from '../plugins/auth-plugin';
import { DEMO_EXAM_PATH } from './demo-exam-routes';
import { defineRoute } from './define-route';

export interface ExamRoutesOptions {
  /** How the service is reached from outside, without a trailing slash; else each request's own origin. */
  publicBaseUrl: string | undefined;
}

export const examRoutes: FastifyPluginAsyncZod<ExamRoutesOptions> = async (app, options) => {
  const { services } = app;

  /** The demo exam page on this service, as the outside world reaches it. */
  const defaultStartUrl = (request: FastifyRequest) =>
    `${options.publicBaseUrl ?? `${request.protocol}://${request.host}`}${DEMO_EXAM_PATH}`;

  defineRoute(app, apiRoutes.createExam, async (request, reply) => {
    const exam = await services.exams.createExam(accountOf(request).id, request.body, defaultStartUrl(request));
    return reply.code(201).send(exam);
  });

  defineRoute(app, apiRoutes.getExam, async (request) => services.exams.get(accountOf(request).id, request.params.id));

  defineRoute(app, apiRoutes.createSession, async (request, reply) => {
    const created = await services.exams.createSessionForAccount(
      accountOf(request).id,
      request.params.id,
      request.body,
    );
    return reply.code(201).send(created);
  });
};
