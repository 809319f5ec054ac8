/** GET /demo-exam: the default `startUrl`, and the page its Submit button leads to. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEMO_EXAM_CSP, DEMO_QUESTIONS, renderDemoExam, renderDemoSubmitted } from '../demo/demo-exam-page';

export const DEMO_EXAM_PATH = '/demo-exam';
export const DEMO_EXAM_SUBMITTED_PATH = '/demo-exam/submitted';

export const demoExamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', DEMO_EXAM_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  app.get(DEMO_EXAM_PATH, { schema: { summary: 'The demo exam page', tags: ['demo'] } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDemoExam(DEMO_EXAM_SUBMITTED_PATH)),
  );

  app.get(
    DEMO_EXAM_SUBMITTED_PATH,
    {
      schema: {
        summary: 'Where the demo exam submits to',
        tags: ['demo'],
        querystring: z.record(z.string(), z.string().max(100)),
      },
    },
    async (request, reply) => {
      const answered = DEMO_QUESTIONS.filter((question) => request.query[question.name]).length;
      return reply.type('text/html; charset=utf-8').send(renderDemoSubmitted(answered));
    },
  );
};
