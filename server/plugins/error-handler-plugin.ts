/**
 * Every error leaves as `{"error": {"code", "message", "details"?}}` (shared/api/errors.ts), with
 * a status that says whose fault it was — Fastify's own refusals too (an over-long path parameter,
 * an undecodable URL, an unknown route, a method the path does not support), and none echoes the
 * path. Unexpected errors are logged and reported without internals. A 401 names the scheme to
 * authenticate with (`WWW-Authenticate: SharedKeyV2`, RFC 9110 §11.6.1).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../shared/api/errors';
import { HttpError, type ErrorDetail } from '../lib/http-error';
import { RouteMethods } from '../lib/route-methods';

/** The challenge every 401 carries: the scheme docs/service.md#authentication describes. */
export const WWW_AUTHENTICATE_CHALLENGE = 'SharedKeyV2';

function body(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

interface KnownError {
  status: number;
  code: ErrorCode;
  message: string;
}

const FASTIFY_CODES: Record<string, KnownError> = {
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
  // Raised by the router, before any route or hook runs (Fastify's `frameworkErrors`).
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'A path parameter is too long' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request', message: 'The path is not a valid URL' },
  FST_ERR_ASYNC_CONSTRAINT: {
    status: 500,
    code: 'internal',
    message: 'Internal error; the service log has the details',
  },
};

/** The stable code for a 4xx some library raised with only a status. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Fastify's `frameworkErrors` option (app.ts): the router's own refusals, answered in the envelope
 * instead of Fastify's body, which echoes the path.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FASTIFY_CODES[error.code];
  if (!known) {
    request.log.error({ err: error }, 'router refused the request');
    reply.code(500).send(body('internal', 'Internal error; the service log has the details'));
    return;
  }
  if (known.status >= 500) request.log.error({ err: error }, 'router failed');
  reply.code(known.status).send(body(known.code, known.message));
}

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    const routeMethods = new RouteMethods();
    app.addHook('onRoute', (route) => routeMethods.add(route.method, route.url ?? route.path));

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
        return reply
          .code(error.statusCode)
          .send(body(CODE_BY_STATUS[error.statusCode] ?? 'bad_request', error.message));
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(body('internal', 'Internal error; the service log has the details'));
    });

    app.setNotFoundHandler((request, reply) => {
      const allowed = routeMethods.allowedFor(request.url.split('?')[0] ?? '');
      if (allowed.length > 0) {
        reply
          .code(405)
          .header('allow', allowed.join(', '))
          .send(body('method_not_allowed', `This path answers ${allowed.join(', ')} only`));
        return;
      }
      reply.code(404).send(body('not_found', 'No such route'));
    });

    app.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) {
        reply.header('www-authenticate', WWW_AUTHENTICATE_CHALLENGE);
      }
    });
  },
  { name: 'vigil-error-handler' },
);
