/** `staff create` prints an invitation link that works; `staff list` and `staff disable` as an operator runs them. */
import { afterEach, expect, it, vi } from 'vitest';
import { consoleCall, cookieFrom, STRONG_PASSWORD } from '../../support/console-client';
import {
  createTestDatabase,
  describeEachBackend,
  startTestService,
  type TestDatabase,
} from '../../support/service-harness';
import { runCli } from '../../support/service-process';

// Every step spawns a CLI process (seconds each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describeEachBackend('staff CLI', (backend) => {
  const disposables: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of disposables.splice(0)) await database.dispose();
  });

  it('creates a staff user whose invitation link signs them in; lists and disables them', async () => {
    const database = await createTestDatabase(backend);
    disposables.push(database);
    const env = { DATABASE_URL: database.databaseUrl ?? '', VIGIL_DATA_DIR: database.dataDir, VIGIL_MASTER_KEY: '' };
    const cli = (args: string[]) => runCli(args, env);
    const account = JSON.parse(cli(['account', 'create', '--name', 'City College', '--json']).stdout) as {
      accountId: number;
    };
    const accountId = String(account.accountId);

    const refused = cli(['staff', 'create', '--account', accountId, '--email', 'a@example.edu', '--role', 'owner']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--role admin, proctor or reviewer/);

    const created = cli([
      'staff',
      'create',
      '--account',
      accountId,
      '--email',
      'Head@Example.edu',
      '--role',
      'admin',
      '--role',
      'proctor',
      '--public-url',
      'https://vigil.example.edu/',
    ]);
    expect(created.status, created.stderr).toBe(0);
    const link = /^(https:\/\/vigil\.example\.edu\/console\/invite)#([A-Za-z0-9_-]{43})$/m.exec(created.stdout);
    expect(link, created.stdout).not.toBeNull();
    const token = link![2]!;

    const service = await startTestService(backend, {}, database);
    try {
      const accepted = await consoleCall<{ user: { roles: string[] } }>(
        service,
        'POST',
        '/console/api/invitations/accept',
        { body: { token, password: STRONG_PASSWORD } },
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body.user.roles).toEqual(['admin', 'proctor']);
      const cookie = cookieFrom(accepted);

      const listed = cli(['staff', 'list', '--account', accountId, '--json']);
      expect(listed.status, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { email: 'head@example.edu', roles: ['admin', 'proctor'], disabled: false, invitationPending: false },
      ]);

      const disabled = cli(['staff', 'disable', '--account', accountId, '--email', 'head@example.edu']);
      expect(disabled.status, disabled.stderr).toBe(0);
      expect((await consoleCall(service, 'GET', '/console/api/me', { cookie })).status).toBe(401);

      const log = await service.app.repositories.auditLog.list({ accountId: account.accountId, limit: 10 });
      expect(log.map((entry) => entry.action).reverse()).toEqual([
        'staff.created',
        'invitation.accepted',
        'staff.disabled',
      ]);
    } finally {
      await service.close();
    }
  });
});
