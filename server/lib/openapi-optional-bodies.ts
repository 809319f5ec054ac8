/**
 * @fastify/swagger marks every declared body `required: true`; a route whose body schema accepts
 * no body (the lifecycle calls, session actions, heartbeat, webhook-secret rotation) says so here,
 * from its entry in shared/api/routes.ts, so the document matches what the service accepts.
 */
import type { ApiRoute } from '../../shared/api/route';

interface OperationLike {
  requestBody?: { required?: boolean };
}

export interface OpenApiPathsLike {
  paths?: Record<string, Record<string, OperationLike | unknown> | undefined>;
}

/** `/v1/sessions/:id/approve` → `/v1/sessions/{id}/approve`, as OpenAPI spells a path. */
export function openApiPath(template: string): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Whether a call may leave the body out: Fastify hands the handler null then. */
export function bodyIsOptional(route: ApiRoute): boolean {
  return route.body !== undefined && route.body.safeParse(null).success;
}

export function markOptionalBodies<D extends OpenApiPathsLike>(document: D, routes: Iterable<ApiRoute>): D {
  for (const route of routes) {
    if (!bodyIsOptional(route)) continue;
    const operation = document.paths?.[openApiPath(route.path)]?.[route.method.toLowerCase()] as
      OperationLike | undefined;
    if (operation?.requestBody) operation.requestBody.required = false;
  }
  return document;
}
