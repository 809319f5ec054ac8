/** The console guard runs in onRequest: a request without a session, or without its CSRF token, is refused before its body is read. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSignedInStaff, type SignedInStaff } from '../../support/console-client';
import { rawRequest } from '../../support/raw-http';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

const BODY_BYTES = 900_000;

describeEachBackend('console guard before the body', (backend) => {
  let service: TestService;
  let staff: SignedInStaff;

  beforeAll(async () => {
    service = await startTestService(backend);
    staff = await createSignedInStaff(service, Number((await createAccount(service)).keyId), ['admin']);
  });
  afterAll(() => service?.close());

  const signOut = (headers: Record<string, string>) =>
    rawRequest(service.app, service.baseUrl, {
      method: 'POST',
      path: '/console/api/sign-out',
      headers: { 'content-type': 'application/json', origin: service.baseUrl, ...headers },
      bodyBytes: BODY_BYTES,
    });

  it('answers 401 to a request without a session before reading its body', async () => {
    const answer = await signOut({});
    expect(answer.status).toBe(401);
    expect(answer.answeredBeforeBody).toBe(true);
    expect(answer.serviceBytesRead).toBeLessThan(64 * 1024);
  });

  it('answers 403 csrf_failed to a session without its token before reading the body', async () => {
    const answer = await signOut({ cookie: staff.cookie });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'csrf_failed' } });
    expect(answer.answeredBeforeBody).toBe(true);
    expect(answer.serviceBytesRead).toBeLessThan(64 * 1024);
  });
});
