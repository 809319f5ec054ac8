/**
 * Every error leaves as `{"error": {"code", "message", "details"?}}` (shared/api/errors.ts), with
 * a status that says whose fault it was. Unexpected errors are logged and reported without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../shared/api/errors';
import { HttpError, type ErrorDetail } from '../lib/http-error';

function body(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported Content-Type: send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'Content-Length does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'Body is not valid JSON' },
};

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      if (error instanceof HttpError) {
        return reply.code(error.statusCode).send(body(error.code, error.message, error.details));
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'body';
        const details = error.validation.map((issue) => ({
          path: `${where}${issue.instancePath === '/' ? '' : issue.instancePath}`,
          message: issue.message ?? 'invalid',
        }));
        return reply
          .code(400)
          .send(
            body(
              'validation_failed',
              `Invalid ${where}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
              details,
            ),
          );
      }
      const known = error.code ? FASTIFY_CODES[error.code] : undefined;
      if (known) return reply.code(known.status).send(body(known.code, known.message));
      if (error.statusCode === 429) {
        return reply.code(429).send(body('rate_limited', error.message || 'Too many requests; slow down'));
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return reply.code(error.statusCode).send(body('bad_request', error.message));
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(body('internal', 'Internal error; the service log has the details'));
    });

    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'vigil-error-handler' },
);
