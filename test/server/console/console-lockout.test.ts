/**
 * Lockout with backoff: 5 failed sign-ins for an email within 15 minutes lock it for a minute, each
 * further failure doubles that; during a lockout even the right password gets 429 with Retry-After.
 * An address (as VIGIL_TRUST_PROXY resolves it) is locked after 20 failures across emails.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleCall, createSignedInStaff, STRONG_PASSWORD } from '../../support/console-client';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

type ErrorAnswer = { error: { code: string } };

describeEachBackend('console sign-in lockout', (backend) => {
  let service: TestService;
  let accountId: number;

  beforeAll(async () => {
    service = await startTestService(backend, { trustProxy: '127.0.0.1' });
    accountId = Number((await createAccount(service)).keyId);
  });
  afterAll(() => service?.close());

  const signIn = (email: string, password: string, from = '198.51.100.1') =>
    consoleCall<ErrorAnswer>(service, 'POST', '/console/api/sign-in', {
      body: { accountId, email, password },
      headers: { 'x-forwarded-for': from },
    });

  it('locks an email after 5 failures, refuses the right password meanwhile, and doubles the wait', async () => {
    await createSignedInStaff(service, accountId, ['admin'], 'target@example.edu');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signIn('target@example.edu', `wrong password ${attempt}`)).status).toBe(401);
    }
    const locked = await signIn('TARGET@example.edu', STRONG_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('locked_out');
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(locked.headers.get('set-cookie')).toBeNull();

    service.advanceClock(61_000);
    expect((await signIn('target@example.edu', 'wrong password 6')).status).toBe(401);
    const longer = await signIn('target@example.edu', STRONG_PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(120);

    service.advanceClock(121_000);
    expect((await signIn('target@example.edu', STRONG_PASSWORD)).status).toBe(200);
    // Success clears the email's count: one more mistake is not a lockout.
    expect((await signIn('target@example.edu', 'wrong again')).status).toBe(401);
    expect((await signIn('target@example.edu', STRONG_PASSWORD)).status).toBe(200);
  });

  it('locks an unknown email the same way (no telling which emails exist)', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signIn('ghost@example.edu', `wrong password ${attempt}`)).status).toBe(401);
    }
    expect((await signIn('ghost@example.edu', 'wrong password 6')).status).toBe(429);
  });

  it('locks an address after 20 failures across emails, and only that address', async () => {
    await createSignedInStaff(service, accountId, ['proctor'], 'bystander@example.edu');
    for (let attempt = 1; attempt <= 20; attempt++) {
      const answer = await signIn(`stuffed${attempt}@example.edu`, 'leaked password', '203.0.113.7');
      expect(answer.status, `attempt ${attempt}`).toBe(401);
    }
    const locked = await signIn('bystander@example.edu', STRONG_PASSWORD, '203.0.113.7');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect((await signIn('bystander@example.edu', STRONG_PASSWORD, '203.0.113.8')).status).toBe(200);
  });
});
