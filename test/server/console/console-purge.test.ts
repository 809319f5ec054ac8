/** The console purge: failed sign-ins once past the lockout window, sessions a day after their absolute end. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONSOLE_ABSOLUTE_TIMEOUT_MS } from '../../../server/services/console-session-service';
import { LOCKOUT_WINDOW_MS } from '../../../server/services/sign-in-service';
import { consoleCall, createSignedInStaff } from '../../support/console-client';
import { createAccount } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

describeEachBackend('console purge', (backend) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(backend);
  });
  afterAll(() => service?.close());

  it('deletes failures past the window and sessions a day past their end, and keeps the audit log', async () => {
    const accountId = Number((await createAccount(service)).keyId);
    const staff = await createSignedInStaff(service, accountId, ['admin'], 'kept@example.edu');
    for (const password of ['wrong one', 'wrong two']) {
      await consoleCall(service, 'POST', '/console/api/sign-in', {
        body: { accountId, email: 'kept@example.edu', password },
      });
    }
    expect(await service.app.jobs.consolePurger.runOnce()).toEqual({ failuresDeleted: 0, sessionsDeleted: 0 });

    service.advanceClock(LOCKOUT_WINDOW_MS + 1000);
    expect(await service.app.jobs.consolePurger.runOnce()).toEqual({ failuresDeleted: 2, sessionsDeleted: 0 });
    expect((await consoleCall(service, 'GET', '/console/api/me', { cookie: staff.cookie })).status).toBe(200);

    service.advanceClock(CONSOLE_ABSOLUTE_TIMEOUT_MS + 24 * 60 * 60_000);
    expect(await service.app.jobs.consolePurger.runOnce()).toEqual({ failuresDeleted: 0, sessionsDeleted: 1 });
    const log = await service.app.repositories.auditLog.list({ accountId, limit: 50 });
    expect(log.map((entry) => entry.action)).toContain('sign_in.failed');
  });
});
