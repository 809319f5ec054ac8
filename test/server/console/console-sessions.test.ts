/**
 * Console sessions over real HTTP: sign-in and sign-out, the cookie's attributes, idle and absolute
 * expiry on the service's clock, and disabling or changing roles taking effect on the next request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONSOLE_ABSOLUTE_TIMEOUT_MS, CONSOLE_IDLE_TIMEOUT_MS } from '../../../server/services/console-session-service';
import {
  consoleCall,
  cookieFrom,
  createSignedInStaff,
  STRONG_PASSWORD,
  type ConsoleResult,
} from '../../support/console-client';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const CLI = { staffUserId: null, origin: { ip: null, userAgent: 'test' } };

describeEachBackend('console sessions', (backend) => {
  let service: TestService;
  let accountId: number;

  beforeAll(async () => {
    service = await startTestService(backend);
    accountId = Number((await createAccount(service)).keyId);
  });
  afterAll(() => service?.close());

  const signIn = (email: string, password = STRONG_PASSWORD) =>
    consoleCall<{ csrfToken: string; user: { roles: string[] } }>(service, 'POST', '/console/api/sign-in', {
      body: { accountId, email, password },
    });

  it('signs in with a loopback cookie (httpOnly, SameSite=Strict, Path=/, no Secure on http loopback) and out again', async () => {
    const staff = await createSignedInStaff(service, accountId, ['proctor'], 'Grace@Example.edu');
    const signedIn = await signIn('grace@EXAMPLE.edu');
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^vigil_console=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = cookieFrom(signedIn);
    // A new session on every sign-in: never the one from the invitation (no fixation).
    expect(cookie).not.toBe(staff.cookie);

    const me = await consoleCall<{ user: { email: string }; csrfToken: string }>(service, 'GET', '/console/api/me', {
      cookie,
    });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('grace@example.edu');
    expect(me.body.csrfToken).toBe(signedIn.body.csrfToken);

    const out = await consoleCall(service, 'POST', '/console/api/sign-out', { cookie, csrf: me.body.csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^vigil_console=;/);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie })).status).toBe(401);
    // The invitation's session is a different one and still works.
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: staff.cookie })).status).toBe(200);
  });

  it('answers an unknown email and a wrong password alike (401, same message)', async () => {
    await createSignedInStaff(service, accountId, ['reviewer'], 'known@example.edu');
    const unknown = await signIn('nobody@example.edu', 'some long password');
    const wrong = await signIn('known@example.edu', 'some long password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('refuses requests without a cookie or with a made-up one', async () => {
    expect((await consoleCall(service, 'GET', '/console/api/me')).status).toBe(401);
    const forged = await consoleCall(service, 'GET', '/console/api/me', { cookie: `vigil_console=${'a'.repeat(43)}` });
    expect(forged.status).toBe(401);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const idle = await createSignedInStaff(service, accountId, ['proctor']);
    service.advanceClock(CONSOLE_IDLE_TIMEOUT_MS - 60_000);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: idle.cookie })).status).toBe(200);
    service.advanceClock(CONSOLE_IDLE_TIMEOUT_MS - 60_000);
    // Still alive: the request above counted as activity.
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: idle.cookie })).status).toBe(200);
    service.advanceClock(CONSOLE_IDLE_TIMEOUT_MS + 1000);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: idle.cookie })).status).toBe(401);

    const busy = await createSignedInStaff(service, accountId, ['proctor']);
    let last: ConsoleResult | undefined;
    for (let elapsed = 0; elapsed < CONSOLE_ABSOLUTE_TIMEOUT_MS; elapsed += 20 * 60_000) {
      service.advanceClock(20 * 60_000);
      last = await consoleCall(service, 'GET', '/console/api/me', { cookie: busy.cookie });
      if (elapsed + 20 * 60_000 < CONSOLE_ABSOLUTE_TIMEOUT_MS) expect(last.status, `after ${elapsed} ms`).toBe(200);
    }
    expect(last?.status).toBe(401);
  });

  it('ends every session of a disabled user at once', async () => {
    const staff = await createSignedInStaff(service, accountId, ['admin'], 'leaver@example.edu');
    const second = await signIn('leaver@example.edu');
    await service.app.services.staff.disable(accountId, 'leaver@example.edu', CLI);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: staff.cookie })).status).toBe(401);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: cookieFrom(second) })).status).toBe(401);
    expect((await signIn('leaver@example.edu')).status).toBe(401);
  });

  it('applies a role change on the next request; a reviewer gets 403 on an admin route', async () => {
    const staff = await createSignedInStaff(service, accountId, ['reviewer'], 'promoted@example.edu');
    const refused = await consoleCall<{ error: { code: string } }>(service, 'GET', '/console/api/audit-log', {
      cookie: staff.cookie,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    await service.app.services.staff.setRoles(accountId, staff.email, ['admin'], CLI);
    expect((await consoleCall(service, 'GET', '/console/api/audit-log', { cookie: staff.cookie })).status).toBe(200);
    await service.app.services.staff.setRoles(accountId, staff.email, ['reviewer'], CLI);
    expect((await consoleCall(service, 'GET', '/console/api/audit-log', { cookie: staff.cookie })).status).toBe(403);
  });
});

describeEachBackend('console cookie behind an https public URL', (backend) => {
  let service: TestService;
  const publicUrl = 'https://vigil.example.edu';

  beforeAll(async () => {
    service = await startTestService(backend, { publicBaseUrl: publicUrl });
  });
  afterAll(() => service?.close());

  it('sets __Host-vigil_console with Secure, and checks Origin against the public URL', async () => {
    const accountId = Number((await createAccount(service)).keyId);
    const created = await service.app.services.staff.create(
      { accountId, email: 'tls@example.edu', roles: ['admin'] },
      CLI,
    );
    const fromLoopback = await consoleCall(service, 'POST', '/console/api/invitations/accept', {
      body: { token: created.invitationToken, password: STRONG_PASSWORD },
    });
    expect(fromLoopback.status).toBe(403);
    const accepted = await consoleCall(service, 'POST', '/console/api/invitations/accept', {
      body: { token: created.invitationToken, password: STRONG_PASSWORD },
      origin: publicUrl,
    });
    expect(accepted.status).toBe(200);
    const setCookie = accepted.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-vigil_console=/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Domain=/);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: cookieFrom(accepted) })).status).toBe(200);
    // The loopback name is not read here, whatever it holds.
    const renamed = cookieFrom(accepted).replace('__Host-vigil_console', 'vigil_console');
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: renamed })).status).toBe(401);
  });
});
