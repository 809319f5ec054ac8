/** The candidate's client, signed with its session key (SharedKeyV2): it can only touch its own session. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientSessionSchema,
  faceEnrollRequestSchema,
  faceEnrollResponseSchema,
  heartbeatRequestSchema,
  identityRequestSchema,
  identityResponseSchema,
  lifecycleRequestSchema,
  postIncidentsRequestSchema,
  postIncidentsResponseSchema,
  sessionStatusResponseSchema,
  stepReportSchema,
  type SessionStatusResponse,
} from '../../shared/api/client';
import { sessionOf } from '../plugins/auth-plugin';
import { SIGNED, errorResponses, signedWithKey } from './route-schemas';

export const clientSessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const common = { preValidation: app.authenticateSession } as const;
  const doc = (summary: string) => ({ summary, tags: ['client'], security: signedWithKey });

  app.get(
    '/v1/client/session',
    {
      ...common,
      schema: {
        ...doc('The session as the client sees it'),
        response: { 200: clientSessionSchema, ...errorResponses(...SIGNED, 404) },
      },
    },
    async (request) => services.clientSessions.describe(sessionOf(request).id),
  );

  app.post(
    '/v1/client/session/steps',
    {
      ...common,
      schema: {
        ...doc('Report a system-check or identity-check step (SYSTEM_/IDENTITY_CHECK_STEP_CHANGED)'),
        body: stepReportSchema,
        response: { 200: sessionStatusResponseSchema, ...errorResponses(...SIGNED, 409) },
      },
    },
    async (request) => services.clientSessions.reportStep(sessionOf(request).id, request.body),
  );

  app.post(
    '/v1/client/session/face-enroll',
    {
      ...common,
      schema: {
        ...doc('Enrol the candidate from live snapshots; compared with the reference photo when there is one'),
        body: faceEnrollRequestSchema,
        response: { 200: faceEnrollResponseSchema, ...errorResponses(...SIGNED, 409, 413) },
      },
    },
    async (request) => services.identity.enroll(sessionOf(request).id, request.body.snapshots),
  );

  app.post(
    '/v1/client/session/identity',
    {
      ...common,
      schema: {
        ...doc('Submit an identity check; the service recomputes it from the snapshots and records IDENTITY_MISMATCH'),
        body: identityRequestSchema,
        response: { 200: identityResponseSchema, ...errorResponses(...SIGNED, 409, 413) },
      },
    },
    async (request) => services.identity.verify(sessionOf(request).id, request.body),
  );

  app.post(
    '/v1/client/session/incidents',
    {
      ...common,
      schema: {
        ...doc('Report incidents; each clientId is stored once, re-sends count as duplicates'),
        body: postIncidentsRequestSchema,
        response: { 200: postIncidentsResponseSchema, ...errorResponses(...SIGNED, 413) },
      },
    },
    async (request) => services.clientSessions.recordIncidents(sessionOf(request).id, request.body.incidents),
  );

  type LifecycleCall = (id: string, recordingOffsetMs: number | undefined) => Promise<SessionStatusResponse>;
  const lifecycle: Record<string, { summary: string; run: LifecycleCall }> = {
    'request-approval': {
      summary:
        'Request approval (SESSION_APPROVAL_REQUESTED; SESSION_APPROVED at once when the policy auto-approves, else pushed on the event stream when the institution approves)',
      run: (id, offset) => services.clientSessions.requestApproval(id, offset),
    },
    start: {
      summary: 'Start the exam (SESSION_STARTED); the auth score starts here',
      run: (id, offset) => services.clientSessions.start(id, offset),
    },
    finish: {
      summary: 'Finish the exam (SESSION_FINISHED with the final authScore and flaggedForReview)',
      run: (id, offset) => services.clientSessions.finish(id, offset),
    },
  };
  for (const [path, { summary, run }] of Object.entries(lifecycle)) {
    app.post(
      `/v1/client/session/${path}`,
      {
        ...common,
        schema: {
          ...doc(summary),
          body: lifecycleRequestSchema.nullish(),
          response: { 200: sessionStatusResponseSchema, ...errorResponses(...SIGNED, 409) },
        },
      },
      async (request) => run(sessionOf(request).id, request.body?.recordingOffsetMs),
    );
  }

  app.post(
    '/v1/client/session/heartbeat',
    {
      ...common,
      schema: {
        ...doc('Keep the session open (closed automatically after an hour without one); answers with the state'),
        body: heartbeatRequestSchema.nullish(),
        response: { 200: sessionStatusResponseSchema, ...errorResponses(...SIGNED) },
      },
    },
    async (request) => services.clientSessions.heartbeat(sessionOf(request).id, request.body?.recordingOffsetMs),
  );
};
