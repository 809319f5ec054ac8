/** Invitations over real HTTP: accepted once, refused when expired, reused, unknown, or with a weak password. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashConsoleToken } from '../../../server/crypto/console-tokens';
import { INVITATION_TTL_MS } from '../../../server/services/staff-service';
import { consoleCall, cookieFrom, STRONG_PASSWORD } from '../../support/console-client';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const ACCEPT = '/console/api/invitations/accept';
const CLI = { staffUserId: null, origin: { ip: null, userAgent: 'test' } };

describeEachBackend('console invitations', (backend) => {
  let service: TestService;
  let accountId: number;

  beforeAll(async () => {
    service = await startTestService(backend);
    accountId = Number((await createAccount(service)).keyId);
  });
  afterAll(() => service?.close());

  const invite = (email: string) => service.app.services.staff.create({ accountId, email, roles: ['proctor'] }, CLI);

  it('stores only the hash of the token, accepts it once with a good password and signs in', async () => {
    const created = await invite('Ada@Example.edu');
    const stored = await service.app.database.db.selectFrom('staff_invitations').selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toContain(hashConsoleToken(created.invitationToken));
    expect(JSON.stringify(stored)).not.toContain(created.invitationToken);

    const accepted = await consoleCall<{ user: { email: string; roles: string[]; displayName: string } }>(
      service,
      'POST',
      ACCEPT,
      { body: { token: created.invitationToken, password: STRONG_PASSWORD, displayName: 'Ada' } },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email: 'ada@example.edu', roles: ['proctor'], displayName: 'Ada' });
    const me = await consoleCall(service, 'GET', '/console/api/me', { cookie: cookieFrom(accepted) });
    expect(me.status).toBe(200);

    const again = await consoleCall<{ error: { code: string } }>(service, 'POST', ACCEPT, {
      body: { token: created.invitationToken, password: 'another long password' },
    });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('gone');
  });

  it('refuses an expired invitation (72 h)', async () => {
    const created = await invite('late@example.edu');
    service.advanceClock(INVITATION_TTL_MS + 1000);
    const expired = await consoleCall<{ error: { message: string } }>(service, 'POST', ACCEPT, {
      body: { token: created.invitationToken, password: STRONG_PASSWORD },
    });
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('refuses an unknown token without saying more', async () => {
    const bad = await consoleCall<{ error: { code: string } }>(service, 'POST', ACCEPT, {
      body: { token: 'x'.repeat(43), password: STRONG_PASSWORD },
    });
    expect(bad.status).toBe(403);
    expect(bad.body.error.code).toBe('forbidden');
  });

  it('refuses weak passwords and changes nothing: too short, too long, equal to the email', async () => {
    const created = await invite('weak@example.edu');
    for (const password of ['short pass', 'x'.repeat(1025), 'WEAK@example.edu']) {
      const refused = await consoleCall(service, 'POST', ACCEPT, {
        body: { token: created.invitationToken, password },
      });
      expect(refused.status, password.slice(0, 20)).toBe(400);
    }
    // The invitation is still unused: a good password is accepted afterwards.
    const accepted = await consoleCall(service, 'POST', ACCEPT, {
      body: { token: created.invitationToken, password: STRONG_PASSWORD },
    });
    expect(accepted.status).toBe(200);
  });

  it('stores the password as argon2id with m=19456, t=2, p=1', async () => {
    const row = await service.app.database.db
      .selectFrom('staff_users')
      .select('password_hash')
      .where('email', '=', 'ada@example.edu')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
