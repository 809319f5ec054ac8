/** Refused by default: a console route whose entry names no roles is not registered at all. */
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import type { ApiRoute } from '../../../shared/api/route';
import { apiRoutes } from '../../../shared/api/routes';
import { defineRoute } from '../../../server/routes/define-route';

const guarded: string[][] = [];
function appWithGuard() {
  const app = Fastify();
  app.decorate('consoleGuard', (roles: readonly string[]) => {
    guarded.push([...roles]);
    return async () => undefined;
  });
  return app;
}

it('throws when a console route declares no roles, or an empty list', () => {
  const route = { ...apiRoutes.consoleMe, roles: undefined } satisfies ApiRoute;
  expect(() => defineRoute(appWithGuard(), route, async () => undefined)).toThrow(/must declare the roles/);
  const empty = { ...apiRoutes.consoleMe, roles: [] } satisfies ApiRoute;
  expect(() => defineRoute(appWithGuard(), empty, async () => undefined)).toThrow(/must declare the roles/);
});

it('guards a console route with the roles of its entry', () => {
  defineRoute(appWithGuard(), apiRoutes.consoleAuditLog, async () => ({ entries: [], nextCursor: null }));
  expect(guarded.at(-1)).toEqual(['admin']);
});

it('gives every console route in the table at least one role', () => {
  const consoleRoutes = Object.values(apiRoutes as Record<string, ApiRoute>).filter(
    (route) => route.signer === 'console',
  );
  expect(consoleRoutes.length).toBeGreaterThan(0);
  for (const route of consoleRoutes) expect(route.roles?.length, route.operationId).toBeGreaterThan(0);
});
