/**
 * JSON bodies are parsed from a Buffer that stays on the request: SharedKeyV2 signs the SHA-256 of
 * the exact bytes received and both schemes sign their length, so re-serialised JSON would not do.
 * Only JSON is accepted (other types get 415); routes that need another type add their own parser.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../lib/http-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received; null when the request had none. */
    rawBody: Buffer | null;
  }
}

export const rawBodyPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('rawBody', null);
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const bytes = body as Buffer;
      request.rawBody = bytes;
      if (bytes.byteLength === 0) return done(null, undefined);
      parseJson(request, bytes.toString('utf8'), (error, value) => {
        if (error) done(new HttpError(400, 'invalid_json', `Body is not valid JSON: ${error.message}`), undefined);
        else done(null, value);
      });
    });
  },
  { name: 'vigil-raw-body' },
);
