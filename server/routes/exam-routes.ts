/** Institution routes for exams and for creating candidate sessions (signed with the account key). */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { notFound } from '../lib/http-error';
import { presentExam } from '../presenters/api-presenters';
import { accountOf } from '../plugins/auth-plugin';
import { DEMO_EXAM_PATH } from './demo-exam-routes';
import { defineRoute } from './define-route';

export const examRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  /** The demo exam page on this service, as the outside world reaches it. */
  const defaultStartUrl = (request: FastifyRequest) =>
    `${services.publicBaseUrl ?? `${request.protocol}://${request.host}`}${DEMO_EXAM_PATH}`;

  defineRoute(app, apiRoutes.createExam, async (request, reply) => {
    const exam = await services.exams.createExam(accountOf(request).id, request.body, defaultStartUrl(request));
    return reply.code(201).send(exam);
  });

  defineRoute(app, apiRoutes.getExam, async (request) => {
    const exam = await services.repositories.exams.findForAccount(accountOf(request).id, request.params.id);
    if (!exam) throw notFound('Exam');
    return presentExam(exam);
  });

  defineRoute(app, apiRoutes.createSession, async (request, reply) => {
    const exam = await services.repositories.exams.findForAccount(accountOf(request).id, request.params.id);
    if (!exam) throw notFound('Exam');
    return reply.code(201).send(await services.exams.createSession(exam, request.body));
  });
};
