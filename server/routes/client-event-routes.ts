/**
 * GET /v1/client/session/events: the candidate's push channel (text/event-stream, signed with the
 * session key like every client call). The response is written by hand (Fastify hands over the
 * socket); streams still open when the service shuts down are ended first so it can close.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ServerSentEventStream } from '../events/server-sent-event-stream';
import { sessionOf } from '../plugins/auth-plugin';
import { answeredRequest, responseMacKeyOf } from '../plugins/response-mac-plugin';
import { apiRoutes } from '../../shared/api/routes';
import { eventMac, eventStringToSign } from '../../shared/signing/response-mac';
import { defineRoute } from './define-route';

export interface ClientEventRoutesOptions {
  pingMs: number;
  retryMs: number;
}

export const clientEventRoutes: FastifyPluginAsyncZod<ClientEventRoutesOptions> = async (app, options) => {
  const { services } = app;
  const open = new Set<ServerSentEventStream>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  defineRoute(app, apiRoutes.sessionEvents, async (request, reply) => {
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
  });
};
