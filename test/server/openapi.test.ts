/** GET /openapi.json documents every route of the API, with its body schema and signing requirement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { startTestService, type TestService } from '../support/service-harness';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        security?: unknown[];
        requestBody?: { content: Record<string, { schema: { properties?: object } }> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown> };
}

const INSTITUTION = [
  ['post', '/v1/exams'],
  ['get', '/v1/exams/{id}'],
  ['post', '/v1/exams/{id}/sessions'],
  ['get', '/v1/sessions/{id}'],
  ['get', '/v1/sessions/{id}/incidents'],
  ['post', '/v1/sessions/{id}/approve'],
  ['post', '/v1/sessions/{id}/dismiss'],
  ['post', '/v1/sessions/{id}/close'],
  ['put', '/v1/webhooks'],
  ['get', '/v1/audit-log'],
] as const;
const CLIENT = [
  ['get', '/v1/client/session'],
  ['post', '/v1/client/session/steps'],
  ['post', '/v1/client/session/face-enroll'],
  ['post', '/v1/client/session/identity'],
  ['post', '/v1/client/session/incidents'],
  ['post', '/v1/client/session/request-approval'],
  ['post', '/v1/client/session/start'],
  ['post', '/v1/client/session/finish'],
  ['post', '/v1/client/session/heartbeat'],
] as const;

describe('OpenAPI', () => {
  let service: TestService;
  let document: OpenApiDocument;

  beforeAll(async () => {
    service = await startTestService('sqlite');
    const response = await fetch(`${service.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => service?.close());

  it('documents every signed route with the SharedKey scheme and its error bodies', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes).toHaveProperty('SharedKey');
    for (const [method, path] of [...INSTITUTION, ...CLIENT]) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation!.security, `${method} ${path}`).toEqual([{ SharedKey: [] }]);
      const statuses = Object.keys(operation!.responses);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401', '403']));
      expect(
        statuses.some((status) => status.startsWith('2')),
        `${method} ${path}`,
      ).toBe(true);
    }
  });

  it('documents the unsigned launch route and the request bodies from shared/api', () => {
    const launch = document.paths['/v1/client/launch']?.post;
    expect(launch?.security).toBeUndefined();
    expect(Object.keys(launch!.responses)).toEqual(expect.arrayContaining(['200', '404', '410', '429']));
    expect(Object.keys(launch!.requestBody!.content['application/json']!.schema.properties!)).toEqual([
      'launchCode',
      'client',
      'idempotencyKey',
    ]);
    const createExam = document.paths['/v1/exams']!.post!;
    expect(Object.keys(createExam.requestBody!.content['application/json']!.schema.properties!)).toEqual(
      expect.arrayContaining(['title', 'mode', 'durationMinutes', 'policy']),
    );
  });

  it('documents the console routes with the session cookie scheme, and sign-in without one', () => {
    expect(document.components.securitySchemes).toMatchObject({
      ConsoleSession: { type: 'apiKey', in: 'cookie', name: '__Host-vigil_console' },
    });
    for (const [method, path] of [
      ['post', '/console/api/sign-out'],
      ['get', '/console/api/me'],
      ['get', '/console/api/audit-log'],
    ] as const) {
      expect(document.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ ConsoleSession: [] }]);
    }
    expect(document.paths['/console/api/sign-in']?.post?.security).toBeUndefined();
    expect(Object.keys(document.paths['/console/api/sign-in']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '401', '429']),
    );
  });

  it('documents each entry of the route table (shared/api/routes) under its operationId, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
      ),
    );
    const declared = Object.values(apiRoutes)
      // @fastify/swagger leaves HEAD routes out of the document.
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')} ${route.operationId}`);
    expect(documented.sort()).toEqual(declared.sort());
  });
});
