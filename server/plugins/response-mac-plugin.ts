/**
 * MACs every answer given to a session key (X-Vigil-Response-MAC, see shared/signing/response-mac),
 * so the client can refuse one a proxy rewrote. The key is the session key that signed the request
 * (authenticateSession put its session on the request) or, for the launch, the key the launch route
 * derived from the launch code. Answers to anyone else, and streamed bodies, carry no MAC.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NONCE_HEADER } from '../../shared/signing/shared-key';
import { RESPONSE_MAC_HEADER, responseMac, type AnsweredRequest } from '../../shared/signing/response-mac';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a route whose caller holds no session key yet (the launch): the key its answer is MACed with. */
    responseMacKey: string | null;
  }
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

/** The request as the MAC names it: the exact Date and nonce headers the client sent. */
export function answeredRequest(request: FastifyRequest): AnsweredRequest {
  return {
    method: request.method,
    url: request.url,
    date: header(request, 'date'),
    nonce: header(request, NONCE_HEADER),
  };
}

/** The MAC key for this request's answers, or null when its caller holds none. */
export function responseMacKeyOf(app: FastifyInstance, request: FastifyRequest): string | null {
  if (request.responseMacKey) return request.responseMacKey;
  const ciphertext = request.clientSession?.session_key_ciphertext;
  return ciphertext ? app.services.secrets.open(ciphertext, 'session-secret') : null;
}

function payloadBytes(payload: unknown): Buffer | string | null {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return payload;
  return null; // a stream: not buffered here, so not MACed
}

export const responseMacPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('responseMacKey', null);
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const key = responseMacKeyOf(app, request);
      const body = key ? payloadBytes(payload) : null;
      if (key && body !== null) {
        reply.header(RESPONSE_MAC_HEADER, responseMac(key, answeredRequest(request), reply.statusCode, body));
      }
      return payload;
    });
  },
  { name: 'vigil-response-mac', dependencies: ['vigil-services', 'vigil-auth'] },
);
