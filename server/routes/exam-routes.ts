/** Institution routes for exams and for creating candidate sessions (signed with the account key). */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createExamRequestSchema, examSchema } from '../../shared/api/exams';
import { createSessionRequestSchema, createSessionResponseSchema } from '../../shared/api/sessions';
import { accountOf } from '../plugins/auth-plugin';
import { DEMO_EXAM_PATH } from './demo-exam-routes';
import { SIGNED, errorResponses, idParamsSchema, signedWithKey } from './route-schemas';

export interface ExamRoutesOptions {
  /** How the service is reached from outside, without a trailing slash; else each request's own origin. */
  publicBaseUrl: string | undefined;
}

export const examRoutes: FastifyPluginAsyncZod<ExamRoutesOptions> = async (app, options) => {
  const { services } = app;

  /** The demo exam page on this service, as the outside world reaches it. */
  const defaultStartUrl = (request: FastifyRequest) =>
    `${options.publicBaseUrl ?? `${request.protocol}://${request.host}`}${DEMO_EXAM_PATH}`;

  app.post(
    '/v1/exams',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Create an exam with its policy',
        tags: ['institution'],
        security: signedWithKey,
        body: createExamRequestSchema,
        response: { 201: examSchema, ...errorResponses(...SIGNED, 413) },
      },
    },
    async (request, reply) => {
      const exam = await services.exams.createExam(accountOf(request).id, request.body, defaultStartUrl(request));
      return reply.code(201).send(exam);
    },
  );

  app.get(
    '/v1/exams/:id',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Read an exam',
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        response: { 200: examSchema, ...errorResponses(...SIGNED, 404) },
      },
    },
    async (request) => services.exams.get(accountOf(request).id, request.params.id),
  );

  app.post(
    '/v1/exams/:id/sessions',
    {
      preValidation: app.authenticateAccount,
      schema: {
        summary: 'Create a candidate session and its single-use launch code',
        tags: ['institution'],
        security: signedWithKey,
        params: idParamsSchema,
        body: createSessionRequestSchema,
        response: { 201: createSessionResponseSchema, ...errorResponses(...SIGNED, 404, 413) },
      },
    },
    async (request, reply) => {
      const created = await services.exams.createSessionForAccount(
        accountOf(request).id,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(created);
    },
  );
};
