/** The route table (shared/api/routes): one entry per endpoint, each path built the same way by every caller. */
import { describe, expect, it } from 'vitest';
import { fillPath, isContentAnswer, jsonAnswerSchema, routePath } from '../../../shared/api/route';
import { apiRoutes } from '../../../shared/api/routes';

const entries = Object.entries(apiRoutes);

describe('the route table', () => {
  it('names each endpoint once: unique operationIds, unique method and path', () => {
    const operationIds = entries.map(([, route]) => route.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    const endpoints = entries.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    for (const [name, route] of entries) expect(route.operationId, name).toBe(name);
  });

  it('gives every endpoint a success answer, every signed one the signature refusals, every console one 401 and 403', () => {
    for (const [name, route] of entries) {
      const statuses = Object.keys(route.responses).map(Number);
      expect(
        statuses.some((status) => status >= 200 && status < 300),
        name,
      ).toBe(true);
      if (route.signer === 'account' || route.signer === 'session') {
        expect(route.errors, name).toEqual(expect.arrayContaining([400, 401, 403]));
      }
      // No session is 401, a missing role or CSRF token 403.
      if (route.signer === 'console') expect(route.errors, name).toEqual(expect.arrayContaining([401, 403]));
    }
  });

  it('builds paths from their templates, encoding each value', () => {
    expect(routePath(apiRoutes.getExam, { id: 'exam-1' })).toBe('/v1/exams/exam-1');
    expect(routePath(apiRoutes.downloadRecording, { sessionId: 's/1', recordingId: 'r 2' })).toBe(
      '/v1/sessions/s%2F1/recordings/r%202',
    );
    expect(routePath(apiRoutes.getClientSession)).toBe('/v1/client/session');
    expect(() => fillPath(apiRoutes.getExam, {})).toThrow(/getExam: no value for :id/);
  });

  it('parses a JSON answer with its route schema, and says which answers are not JSON', () => {
    expect(jsonAnswerSchema(apiRoutes.networkProbe).parse({ receivedBytes: 3 })).toEqual({ receivedBytes: 3 });
    expect(jsonAnswerSchema(apiRoutes.networkProbe).safeParse({ receivedBytes: 'three' }).success).toBe(false);
    expect(isContentAnswer(apiRoutes.sessionEvents.responses[200])).toBe(true);
    expect(isContentAnswer(apiRoutes.getExam.responses[200])).toBe(false);
    expect(() => jsonAnswerSchema(apiRoutes.demoExam)).toThrow(/demoExam answers no JSON/);
  });
});
