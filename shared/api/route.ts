/**
 * What one HTTP endpoint is, declared once (shared/api/routes.ts holds every one): method, path
 * template, who signs it, the request's params, query and body schemas, the answers and their
 * statuses, and the words OpenAPI shows. The service registers its routes from these entries; the
 * desktop client builds its URLs and parses its answers from the same ones.
 */
import type { z } from 'zod';
import type { StaffRole } from './console';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'HEAD' | 'OPTIONS';

/**
 * Who a request comes from: signed (SharedKeyV2) with the institution's account key or a candidate's
 * session key, a staff member's console session cookie (plus X-CSRF-Token on state changes), or nobody.
 */
export type RouteSigner = 'account' | 'session' | 'console' | 'none';

/** Statuses an endpoint refuses with; each answers with the error body of shared/api/errors. 460: tus's checksum mismatch. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 460 | 507;

/** What any signed endpoint can refuse with: a malformed request, a bad signature, the wrong key. */
export const SIGNED_ERRORS = [400, 401, 403] as const satisfies readonly ErrorStatus[];

/** An answer that is not JSON (a recording, the event stream, a page, tus's empty answers): its content types. */
export interface ContentAnswer {
  readonly description: string;
  /** Content type → what its body holds (for the event stream: each message's `data:` JSON). Empty: no body. */
  readonly content: Readonly<Record<string, z.ZodType>>;
}

export interface ApiRoute {
  readonly method: HttpMethod;
  /** Fastify's template: `:name` is a path parameter. */
  readonly path: string;
  readonly signer: RouteSigner;
  /**
   * Console routes: the roles admitted (any one suffices). Required for signer 'console': the
   * service refuses to register a console route without it, so no route is open to every staff role by accident.
   */
  readonly roles?: readonly StaffRole[];
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Validated path parameters; without it they are plain strings named by the template. */
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body; a route without one takes no body, or bytes its handler reads itself. */
  readonly body?: z.ZodType;
  /** Success status → its JSON body's schema, or a non-JSON answer. */
  readonly responses: Readonly<Record<number, z.ZodType | ContentAnswer>>;
  readonly errors: readonly ErrorStatus[];
}

/** The `:name` parameters of a path template. */
export type PathParamName<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamName<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<Path extends string> = { [Name in PathParamName<Path>]: string };

/** What a handler reads: the schema's output, or unknown where the entry declares no schema (bytes read by hand). */
type OutputOf<S> = S extends z.ZodType ? z.output<S> : unknown;

/** The path parameters a handler reads: validated by the route's schema, or the template's strings. */
export type RouteParams<R extends ApiRoute> = R['params'] extends z.ZodType
  ? z.output<R['params']>
  : PathParams<R['path']>;
export type RouteQuery<R extends ApiRoute> = OutputOf<R['query']>;
/** The body as the service sees it (defaults applied). */
export type RouteBody<R extends ApiRoute> = OutputOf<R['body']>;
/** The body as a caller sends it. */
export type RouteRequestBody<R extends ApiRoute> = R['body'] extends z.ZodType ? z.input<R['body']> : undefined;

type JsonAnswers<R extends ApiRoute> = {
  [Status in keyof R['responses']]: R['responses'][Status] extends z.ZodType ? R['responses'][Status] : never;
}[keyof R['responses']];

/** The JSON body of a success answer, as parsed. */
export type RouteResult<R extends ApiRoute> = z.output<JsonAnswers<R>>;

/** `/v1/exams/:id` with `{ id }` → `/v1/exams/<id>`, each value URL-encoded. */
export function routePath<R extends ApiRoute>(
  route: R,
  ...[params]: [PathParamName<R['path']>] extends [never] ? [] : [PathParams<R['path']>]
): string {
  return fillPath(route, params ?? {});
}

/** routePath for callers generic over the route (the parameters are checked where they are typed). */
export function fillPath(route: ApiRoute, params: Readonly<Record<string, string>>): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.operationId}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/** The schema of a route's JSON success answer (each client call has exactly one). */
export function jsonAnswerSchema<R extends ApiRoute>(route: R): z.ZodType<RouteResult<R>> {
  for (const answer of Object.values(route.responses)) {
    if (!isContentAnswer(answer)) return answer as z.ZodType<RouteResult<R>>;
  }
  throw new Error(`${route.operationId} answers no JSON`);
}

export function isContentAnswer(answer: z.ZodType | ContentAnswer): answer is ContentAnswer {
  return 'content' in answer && 'description' in answer && !('_zod' in answer);
}
