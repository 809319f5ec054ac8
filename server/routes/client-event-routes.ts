/**
 * GET /v1/client/session/events: the candidate's push channel (text/event-stream, signed with the
 * session key like every client call). The response is written by hand (Fastify hands over the
 * socket); streams still open when the service shuts down are ended first so it can close.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ServerSentEventStream } from '../events/server-sent-event-stream';
import { sessionOf } from '../plugins/auth-plugin';
import { answeredRequest, responseMacKeyOf } from '../plugins/response-mac-plugin';
import { eventMac, eventStringToSign } from '../../shared/signing/response-mac';
import { SIGNED, errorResponses, signedWithKey } from './route-schemas';

export interface ClientEventRoutesOptions {
  pingMs: number;
  retryMs: number;
}

export const SESSION_EVENTS_PATH = '/v1/client/session/events';

export const clientEventRoutes: FastifyPluginAsyncZod<ClientEventRoutesOptions> = async (app, options) => {
  const { services } = app;
  const open = new Set<ServerSentEventStream>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    SESSION_EVENTS_PATH,
    {
      preValidation: app.authenticateSession,
      schema: {
        summary:
          'Server-sent events (text/event-stream): `data:` lines of JSON, {type:"state",state,reason} and {type:"auth-score",authScore}; the current score and state first, a comment ping every 15 s; a terminal state ends the stream. Each message has `id:` (its number on the connection, from 1) and `mac:` (X-Vigil-Response-MAC\'s scheme over the data line)',
        tags: ['client'],
        security: signedWithKey,
        response: errorResponses(...SIGNED, 404),
      },
    },
    async (request, reply) => {
      const sessionId = sessionOf(request).id;
      const key = responseMacKeyOf(app, request);
      if (!key) throw new Error('a session-signed request without a session key');
      const answered = answeredRequest(request);
      reply.hijack();
      const stream = new ServerSentEventStream({
        response: reply.raw,
        sessionId,
        bus: app.sessionEvents,
        snapshot: () => services.clientSessions.eventSnapshot(sessionId),
        pingMs: options.pingMs,
        retryMs: options.retryMs,
        onError: (error) => request.log.error({ err: error }, 'event stream failed'),
        authenticate: (seq, data) => ({
          mac: eventMac(key, answered, seq, data),
          sig: app.responseSigner.sign(eventStringToSign(answered, seq, data)),
        }),
      });
      open.add(stream);
      reply.raw.on('close', () => open.delete(stream));
      await stream.open();
    },
  );
};
