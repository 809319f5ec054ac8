/**
 * MACs every answer given to a session key (X-Vigil-Response-MAC, see shared/signing/response-mac),
 * so the client can refuse one a proxy rewrote. The key is the session key that signed the request
 * (authenticateSession put its session on the request) or, for the launch, the key the launch route
 * derived from the launch code. The same string is also signed with the service's Ed25519 key
 * (X-Vigil-Response-Signature), which a client build that pins its public key checks: that one a
 * proxy on the candidate's machine cannot recompute. Answers to anyone else, and streamed bodies,
 * carry neither.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NONCE_HEADER, VIGIL_DATE_HEADER } from '../../shared/signing/shared-key';
import {
  RESPONSE_MAC_HEADER,
  RESPONSE_SIGNATURE_HEADER,
  responseMac,
  responseStringToSign,
  type AnsweredRequest,
} from '../../shared/signing/response-mac';
import { loadResponseSigner, type ResponseSigner } from '../crypto/response-signing-key';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs answers (and event stream messages) to session keys with the service's Ed25519 key. */
    responseSigner: ResponseSigner;
  }
  interface FastifyRequest {
    /** Set by a route whose caller holds no session key yet (the launch): the key its answer is MACed with. */
    responseMacKey: string | null;
  }
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

/** The request as the MAC names it: the exact date it signed (X-Vigil-Date, else Date) and nonce it sent. */
export function answeredRequest(request: FastifyRequest): AnsweredRequest {
  return {
    method: request.method,
    url: request.url,
    date:
      request.headers[VIGIL_DATE_HEADER] === undefined ? header(request, 'date') : header(request, VIGIL_DATE_HEADER),
    nonce: header(request, NONCE_HEADER),
  };
}

/** The MAC key for this request's answers, or null when its caller holds none. */
export function responseMacKeyOf(app: FastifyInstance, request: FastifyRequest): string | null {
  if (request.responseMacKey) return request.responseMacKey;
  const ciphertext = request.clientSession?.session_key_ciphertext;
  return ciphertext ? app.secrets.open(ciphertext, 'session-secret') : null;
}

function payloadBytes(payload: unknown): Buffer | string | null {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return payload;
  return null; // a stream: not buffered here, so not MACed
}

export interface ResponseMacPluginOptions {
  dataDir: string;
  /** The Ed25519 seed (VIGIL_RESPONSE_SIGNING_KEY); else `<dataDir>/response-signing.key`. */
  signingKey?: string | undefined;
}

export const responseMacPlugin = fp(
  async (app: FastifyInstance, options: ResponseMacPluginOptions) => {
    const signer = loadResponseSigner(options.dataDir, options.signingKey);
    app.decorate('responseSigner', signer);
    app.decorateRequest('responseMacKey', null);
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const key = responseMacKeyOf(app, request);
      const body = key ? payloadBytes(payload) : null;
      if (key && body !== null) {
        const answered = answeredRequest(request);
        const hashed = { sha256: createHash('sha256').update(body).digest('hex') };
        reply.header(RESPONSE_MAC_HEADER, responseMac(key, answered, reply.statusCode, hashed));
        reply.header(RESPONSE_SIGNATURE_HEADER, signer.sign(responseStringToSign(answered, reply.statusCode, hashed)));
      }
      return payload;
    });
  },
  { name: 'vigil-response-mac', dependencies: ['vigil-master-key', 'vigil-auth'] },
);
