/** The staff console's sign-in routes (/console/api/…): invitations, password sign-in, sign-out, who am I, the audit log. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../shared/api/routes';
import { clearSessionCookie, setSessionCookie } from '../console/console-cookie';
import { LockedOutError } from '../services/sign-in-service';
import { originOf, staffOf } from '../plugins/console-auth-plugin';
import { defineRoute } from './define-route';

export const consoleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { staff, signIn, consoleSessions, audit } = app.services;
  const publicUrl = app.consolePublicUrl;

  defineRoute(app, apiRoutes.acceptInvitation, { onRequest: app.consoleSameOrigin }, async (request, reply) => {
    const accepted = await staff.acceptInvitation(request.body, originOf(request));
    setSessionCookie(request, reply, accepted.token, publicUrl);
    return consoleSessions.describe({ session: accepted.session, user: accepted.user });
  });

  defineRoute(app, apiRoutes.consoleSignIn, { onRequest: app.consoleSameOrigin }, async (request, reply) => {
    try {
      const signedIn = await signIn.signIn(request.body, originOf(request));
      setSessionCookie(request, reply, signedIn.token, publicUrl);
      return consoleSessions.describe({ session: signedIn.session, user: signedIn.user });
    } catch (error) {
      if (error instanceof LockedOutError) reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  });

  defineRoute(app, apiRoutes.consoleSignOut, async (request, reply) => {
    const { session, user } = staffOf(request);
    await app.transaction(async ({ repositories }) => {
      await repositories.consoleSessions.revoke(session.id, app.clock().toISOString());
      await audit.record(repositories, {
        accountId: user.accountId,
        staffUserId: user.id,
        action: 'sign_out',
        origin: originOf(request),
      });
    });
    clearSessionCookie(request, reply, publicUrl);
    return reply.code(204).send();
  });

  defineRoute(app, apiRoutes.consoleMe, async (request) => consoleSessions.describe(staffOf(request)));

  defineRoute(app, apiRoutes.consoleAuditLog, async (request) =>
    audit.list(app.repositories, staffOf(request).user.accountId, request.query),
  );
};
