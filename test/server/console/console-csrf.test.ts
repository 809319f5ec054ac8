/**
 * CSRF on state-changing console requests: the session's X-CSRF-Token and the console's own origin
 * are both required (403 csrf_failed), and sign-in itself only from the console's origin.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleCall, createSignedInStaff, type SignedInStaff } from '../../support/console-client';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('console CSRF', (backend) => {
  let service: TestService;
  let staff: SignedInStaff;
  let other: SignedInStaff;

  beforeAll(async () => {
    service = await startTestService(backend);
    const accountId = Number((await createAccount(service)).keyId);
    staff = await createSignedInStaff(service, accountId, ['admin']);
    other = await createSignedInStaff(service, accountId, ['admin']);
  });
  afterAll(() => service?.close());

  const signOut = (request: Parameters<typeof consoleCall>[3]) =>
    consoleCall<{ error: { code: string } }>(service, 'POST', '/console/api/sign-out', {
      cookie: staff.cookie,
      ...request,
    });

  async function expectRefused(request: Parameters<typeof consoleCall>[3]) {
    const refused = await signOut(request);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_failed');
    // Nothing happened: the session still works.
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: staff.cookie })).status).toBe(200);
  }

  it('refuses a missing X-CSRF-Token', () => expectRefused({}));
  it('refuses a wrong X-CSRF-Token', () => expectRefused({ csrf: `${staff.csrf.slice(0, -1)}x` }));
  it("refuses another session's X-CSRF-Token", () => expectRefused({ csrf: other.csrf }));
  it('refuses a cross-origin request with the right token', () =>
    expectRefused({ csrf: staff.csrf, origin: 'https://evil.example' }));
  it('refuses Sec-Fetch-Site: cross-site with the right token', () =>
    expectRefused({ csrf: staff.csrf, headers: { 'sec-fetch-site': 'cross-site' } }));
  it('refuses a request with neither Origin nor Sec-Fetch-Site', () =>
    expectRefused({ csrf: staff.csrf, origin: null }));

  it('refuses a cross-origin sign-in (login CSRF) before judging the password', async () => {
    const refused = await consoleCall<{ error: { code: string } }>(service, 'POST', '/console/api/sign-in', {
      body: { accountId: 1, email: 'x@example.edu', password: 'whatever it is' },
      origin: 'https://evil.example',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_failed');
  });

  it('accepts the right token from the same origin (Sec-Fetch-Site: same-origin too)', async () => {
    const done = await signOut({ csrf: staff.csrf, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(done.status).toBe(204);
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: staff.cookie })).status).toBe(401);
  });
});
