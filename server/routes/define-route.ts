/**
 * Registers a route from its entry in shared/api/routes.ts: the method and path, the signature check
 * its signer needs, the schemas Fastify validates and serializes with, and what OpenAPI shows. The
 * handler's params, query, body and answer are typed from the same entry.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  FastifyBaseLogger,
  RouteOptions,
} from 'fastify';
import { z } from 'zod';
import { errorBodySchema } from '../../shared/api/errors';
import {
  isContentAnswer,
  type ApiRoute,
  type ContentAnswer,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteResult,
} from '../../shared/api/route';

export type RouteRequest<R extends ApiRoute> = FastifyRequest<{
  Params: RouteParams<R>;
  Querystring: RouteQuery<R>;
  Body: RouteBody<R>;
}>;

/** Answers with the JSON body (status 200 unless the handler set another), or sends the reply itself. */
export type RouteHandler<R extends ApiRoute> = (
  request: RouteRequest<R>,
  reply: FastifyReply,
) => Promise<RouteResult<R> | FastifyReply | void>;

export interface DefineRouteOptions<R extends ApiRoute> {
  /**
   * `before-validation` (default): the full signature check runs before the body is judged.
   * `in-handler`: only the header check runs first; the handler authenticates once it has the raw
   * body (tus, downloads), calling app.authenticateSession / authenticateAccount itself.
   */
  authenticate?: 'before-validation' | 'in-handler';
  /** Runs first, before the body is read (the console's origin check on sign-in). */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  preHandler?: (request: RouteRequest<R>, reply: FastifyReply) => Promise<void>;
  bodyLimit?: number;
  config?: RouteOptions['config'];
}

/** Any Fastify instance, whatever its type provider (route plugins use the zod one). */
export type AnyTypedFastify = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  FastifyTypeProvider
>;

/** `security` in OpenAPI for a signed route and a console route (the schemes openapi-plugin declares). */
const SIGNED_WITH_KEY = [{ SharedKey: [] }];
const CONSOLE_COOKIE = [{ ConsoleSession: [] }];

/** One success answer as Fastify's schema holds it. */
function fastifyAnswer(answer: z.ZodType | ContentAnswer): unknown {
  if (!isContentAnswer(answer)) return answer;
  // No body: OpenAPI shows a null type as an answer without content.
  if (Object.keys(answer.content).length === 0) return z.null().describe(answer.description);
  // By content type: these only document, as Fastify never serializes a stream, a buffer or a string.
  return {
    description: answer.description,
    content: Object.fromEntries(Object.entries(answer.content).map(([type, schema]) => [type, { schema }])),
  };
}

/** Fastify's `schema` for a route: validation and serialization, plus the words OpenAPI shows. */
export function fastifySchemaOf(route: ApiRoute): FastifySchema & Record<string, unknown> {
  const response: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(route.responses)) response[status] = fastifyAnswer(answer);
  for (const status of route.errors) response[status] = errorBodySchema;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    ...(route.signer === 'none' ? {} : { security: route.signer === 'console' ? CONSOLE_COOKIE : SIGNED_WITH_KEY }),
    ...(route.params ? { params: route.params } : {}),
    ...(route.query ? { querystring: route.query } : {}),
    ...(route.body ? { body: route.body } : {}),
    response,
  };
}

/** Registers `route` with `handler`; options (before the handler, so it reads last) for the few routes that need them. */
export function defineRoute<R extends ApiRoute>(app: AnyTypedFastify, route: R, handler: RouteHandler<R>): void;
export function defineRoute<R extends ApiRoute>(
  app: AnyTypedFastify,
  route: R,
  options: DefineRouteOptions<R>,
  handler: RouteHandler<R>,
): void;
export function defineRoute<R extends ApiRoute>(
  app: AnyTypedFastify,
  route: R,
  ...rest: [RouteHandler<R>] | [DefineRouteOptions<R>, RouteHandler<R>]
): void {
  const [options, handler] = rest.length === 1 ? [{}, rest[0]] : rest;
  const hooks: Partial<RouteOptions> = {};
  if (route.signer === 'console') {
    // Refused by default: a console route that names no roles is a bug, not a route open to all staff.
    if (!route.roles || route.roles.length === 0) {
      throw new Error(`${route.operationId}: a console route must declare the roles it admits`);
    }
    hooks.onRequest = app.consoleGuard(route.roles);
  } else if (options.onRequest) {
    hooks.onRequest = options.onRequest;
  }
  if (route.signer === 'account' || route.signer === 'session') {
    if (options.authenticate === 'in-handler') {
      // The signature, Date and key from the headers, before a byte of the body is read.
      hooks.onRequest = route.signer === 'account' ? app.signedByAccount : app.signedBySession;
    } else {
      // auth-plugin adds the header-only check as onRequest for these.
      hooks.preValidation = route.signer === 'account' ? app.authenticateAccount : app.authenticateSession;
    }
  }
  if (options.preHandler) hooks.preHandler = options.preHandler as RouteOptions['preHandler'];
  app.route({
    method: route.method,
    url: route.path,
    ...hooks,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.config === undefined ? {} : { config: options.config }),
    schema: fastifySchemaOf(route),
    handler: handler as RouteOptions['handler'],
  });
}
