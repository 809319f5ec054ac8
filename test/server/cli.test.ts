/**
 * The command line as an operator runs it: account create --json, list, rotate with a grace period,
 * update --allow-v1, rotate-webhook-secret.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { call, type TestKey } from '../support/service-client';
import {
  createTestDatabase,
  describeEachBackend,
  startTestService,
  type TestDatabase,
} from '../support/service-harness';
import { runCli } from '../support/service-process';

// Every test spawns CLI processes (a few seconds each on a busy machine): the default 30 s is too tight.
vi.setConfig({ testTimeout: 120_000 });

describeEachBackend('service CLI', (backend) => {
  const disposables: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of disposables.splice(0)) await database.dispose();
  });

  async function storage() {
    const database = await createTestDatabase(backend);
    disposables.push(database);
    const env = { DATABASE_URL: database.databaseUrl ?? '', VIGIL_DATA_DIR: database.dataDir, VIGIL_MASTER_KEY: '' };
    return { database, env, cli: (args: string[]) => runCli(args, env) };
  }

  it('account create --json prints {accountId, secretKey, webhookSecret} and keeps only the sealed keys', async () => {
    const { database, cli } = await storage();
    const created = cli(['account', 'create', '--name', 'City College', '--allow-v1', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const output = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['accountId', 'secretKey', 'webhookSecret']);
    expect(output.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Number.isInteger(output.accountId)).toBe(true);
    expect(output.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(database.dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const second = JSON.parse(
      cli(['account', 'create', '--name', 'Second', '--webhook-url', 'https://h.example.org/x', '--json']).stdout,
    ) as {
      accountId: number;
    };
    expect(second.accountId).toBeGreaterThan(output.accountId as number);

    // The key works against the service reading the same storage.
    const service = await startTestService(backend, {}, database);
    try {
      const key: TestKey = {
        keyId: output.accountId as number,
        secretKey: output.secretKey as string,
        scheme: 'SharedKey',
      };
      expect((await call(service.baseUrl, 'GET', '/v1/webhooks', { key })).status).toBe(200);
      const row = await service.app.repositories.accounts.findById(output.accountId as number);
      expect(row?.secret_ciphertext).not.toContain(output.secretKey as string);
      expect(row?.webhook_secret_ciphertext).not.toContain(output.webhookSecret as string);
      // Allowed V1 and V2 both work; the second account (no --allow-v1) is V2-only.
      expect(
        (await call(service.baseUrl, 'GET', '/v1/webhooks', { key: { ...key, scheme: 'SharedKeyV2' } })).status,
      ).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('account list shows accounts without secrets', async () => {
    const { cli } = await storage();
    const created = JSON.parse(cli(['account', 'create', '--name', 'Listed', '--json']).stdout) as {
      secretKey: string;
      webhookSecret: string;
    };
    const listed = cli(['account', 'list', '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'Listed', allowV1: false, webhookUrl: null, previousKeyValidUntil: null }),
    ]);
    expect(listed.stdout).not.toContain(created.secretKey);
    expect(listed.stdout).not.toContain(created.webhookSecret);
    const text = cli(['account', 'list']);
    expect(text.stdout).toMatch(/^1\tListed\t.*SharedKeyV2 only/m);
  });

  it('account update --allow-v1 true|false switches StartExam V1 on and off; the API shows allowV1', async () => {
    const { database, cli } = await storage();
    const created = cli(['account', 'create', '--name', 'Legacy', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const { accountId, secretKey } = JSON.parse(created.stdout) as {
      accountId: number;
      secretKey: string;
    };
    const v1: TestKey = { keyId: accountId, secretKey, scheme: 'SharedKey' };
    const v2: TestKey = { keyId: accountId, secretKey };
    const check = async (expectV1: boolean) => {
      const service = await startTestService(backend, {}, database);
      try {
        const refused = await call<{ error: { code: string; message: string } }>(
          service.baseUrl,
          'GET',
          '/v1/webhooks',
          { key: v1 },
        );
        if (expectV1) expect(refused.status).toBe(200);
        else {
          expect(refused.status).toBe(403);
          expect(refused.body.error).toMatchObject({ code: 'signature_version_required' });
          expect(refused.body.error.message).toContain('SharedKeyV2');
        }
        const account = await call<{ allowV1: boolean; accountId: number }>(service.baseUrl, 'GET', '/v1/account', {
          key: v2,
        });
        expect(account.status).toBe(200);
        expect(account.body).toMatchObject({ accountId, allowV1: expectV1 });
        expect(JSON.stringify(account.body)).not.toContain(secretKey);
      } finally {
        await service.close();
      }
    };
    await check(false);
    const on = cli(['account', 'update', '--id', String(accountId), '--allow-v1', 'true', '--json']);
    expect(on.status, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ accountId, allowV1: true });
    await check(true);
    expect(cli(['account', 'update', '--id', String(accountId), '--allow-v1=false']).stdout).toMatch(
      /SharedKeyV2 only/,
    );
    await check(false);
    expect(cli(['account', 'update', '--id', String(accountId), '--allow-v1', 'maybe']).status).toBe(2);
    expect(cli(['account', 'update', '--id', String(accountId)]).stderr).toMatch(/--allow-v1 true\|false/);
    // Several CLI processes and service starts: slow on a loaded machine.
  }, 180_000);

  it('account rotate-webhook-secret prints a new whsec_ secret once and seals it', async () => {
    const { database, cli } = await storage();
    const created = JSON.parse(cli(['account', 'create', '--name', 'Hooks', '--json']).stdout) as {
      accountId: number;
      webhookSecret: string;
    };
    const rotated = cli(['account', 'rotate-webhook-secret', '--id', String(created.accountId), '--json']);
    expect(rotated.status, rotated.stderr).toBe(0);
    const output = JSON.parse(rotated.stdout) as { accountId: number; webhookSecret: string; rotatedAt: string };
    expect(output.accountId).toBe(created.accountId);
    expect(output.webhookSecret).toMatch(/^whsec_/);
    expect(output.webhookSecret).not.toBe(created.webhookSecret);
    const service = await startTestService(backend, {}, database);
    try {
      const row = await service.app.repositories.accounts.findById(created.accountId);
      expect(row!.webhook_secret_ciphertext).not.toContain(output.webhookSecret);
      expect(service.app.services.accounts.webhookSecretOf(row!)).toBe(output.webhookSecret);
    } finally {
      await service.close();
    }
    expect(cli(['account', 'rotate-webhook-secret', '--id', '999']).stderr).toMatch(/Account 999 not found/);
    // Several CLI processes and service starts: slow on a loaded machine.
  }, 180_000);

  it('account rotate issues a new key; the old one works for the grace period, then not', async () => {
    const { database, cli } = await storage();
    const created = JSON.parse(cli(['account', 'create', '--name', 'Rotating', '--json']).stdout) as {
      accountId: number;
      secretKey: string;
    };
    const rotated = cli(['account', 'rotate', '--id', String(created.accountId), '--grace-hours', '2', '--json']);
    expect(rotated.status, rotated.stderr).toBe(0);
    const rotation = JSON.parse(rotated.stdout) as {
      accountId: number;
      secretKey: string;
      previousKeyValidUntil: string;
    };
    expect(rotation.accountId).toBe(created.accountId);
    expect(rotation.secretKey).not.toBe(created.secretKey);
    expect(Date.parse(rotation.previousKeyValidUntil) - Date.now()).toBeGreaterThan(2 * 3600_000 - 120_000);

    const service = await startTestService(backend, {}, database);
    try {
      const oldKey: TestKey = { keyId: created.accountId, secretKey: created.secretKey };
      const newKey: TestKey = { keyId: created.accountId, secretKey: rotation.secretKey };
      expect((await call(service.baseUrl, 'GET', '/v1/webhooks', { key: newKey })).status).toBe(200);
      expect((await call(service.baseUrl, 'GET', '/v1/webhooks', { key: oldKey })).status).toBe(200);
      // Two hours on, by the service's clock and the request's Date alike.
      service.advanceClock(2 * 3600_000 + 60_000);
      const now = service.app.clock();
      const expired = await call<{ error: { code: string } }>(service.baseUrl, 'GET', '/v1/webhooks', {
        key: oldKey,
        now,
      });
      expect(expired.status).toBe(403);
      expect(expired.body.error.code).toBe('bad_signature');
      expect((await call(service.baseUrl, 'GET', '/v1/webhooks', { key: newKey, now })).status).toBe(200);
    } finally {
      await service.close();
    }

    // With no grace the old key stops at once.
    const immediate = JSON.parse(
      cli(['account', 'rotate', '--id', String(created.accountId), '--grace-hours', '0', '--json']).stdout,
    ) as {
      secretKey: string;
    };
    const again = await startTestService(backend, {}, database);
    try {
      expect(
        (
          await call(again.baseUrl, 'GET', '/v1/webhooks', {
            key: { keyId: created.accountId, secretKey: rotation.secretKey },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(again.baseUrl, 'GET', '/v1/webhooks', {
            key: { keyId: created.accountId, secretKey: immediate.secretKey },
          })
        ).status,
      ).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('explains its usage errors', async () => {
    const { cli } = await storage();
    const missing = cli(['account', 'create', '--json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--name/);
    const unknownAccount = cli(['account', 'rotate', '--id', '999']);
    expect(unknownAccount.status).toBe(1);
    expect(unknownAccount.stderr).toMatch(/Account 999 not found/);
    expect(cli(['frobnicate']).stderr).toMatch(/Unknown command/);
  });
});
