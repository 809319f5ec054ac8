/** GET /demo-exam: the default `startUrl`, and the page its Submit button leads to. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { DEMO_EXAM_CSP, DEMO_QUESTIONS, renderDemoExam, renderDemoSubmitted } from '../demo/demo-exam-page';
import { defineRoute } from './define-route';

export const DEMO_EXAM_PATH = apiRoutes.demoExam.path;
export const DEMO_EXAM_SUBMITTED_PATH = apiRoutes.demoExamSubmitted.path;

export const demoExamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', DEMO_EXAM_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  defineRoute(app, apiRoutes.demoExam, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDemoExam(DEMO_EXAM_SUBMITTED_PATH)),
  );

  defineRoute(app, apiRoutes.demoExamSubmitted, async (request, reply) => {
    const answered = DEMO_QUESTIONS.filter((question) => request.query[question.name]).length;
    return reply.type('text/html; charset=utf-8').send(renderDemoSubmitted(answered));
  });
};
