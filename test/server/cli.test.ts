/** The command line as an operator runs it: account create --json, list, rotate with a grace period. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { call, type TestKey } from '../support/service-client';
import {
  createTestDatabase,
  describeEachBackend,
  startTestService,
  type TestDatabase,
} from '../support/service-harness';
import { runCli } from '../support/service-process';

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

  it('account create --json prints {accountId, secretKey} and keeps only the sealed key', async () => {
    const { database, cli } = await storage();
    const created = cli(['account', 'create', '--name', 'City College', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const output = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['accountId', 'secretKey']);
    expect(Number.isInteger(output.accountId)).toBe(true);
    expect(output.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(database.dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const second = JSON.parse(
      cli([
        'account',
        'create',
        '--name',
        'Second',
        '--require-v2',
        '--webhook-url',
        'https://h.example.org/x',
        '--json',
      ]).stdout,
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
      const row = await service.app.services.repositories.accounts.findById(output.accountId as number);
      expect(row?.secret_ciphertext).not.toContain(output.secretKey as string);
    } finally {
      await service.close();
    }
  });

  it('account list shows accounts without secrets', async () => {
    const { cli } = await storage();
    const created = JSON.parse(cli(['account', 'create', '--name', 'Listed', '--require-v2', '--json']).stdout) as {
      secretKey: string;
    };
    const listed = cli(['account', 'list', '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'Listed', requireV2: true, webhookUrl: null, previousKeyValidUntil: null }),
    ]);
    expect(listed.stdout).not.toContain(created.secretKey);
    const text = cli(['account', 'list']);
    expect(text.stdout).toMatch(/^1\tListed\t.*requires SharedKeyV2/m);
  });

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
      const now = service.app.services.clock();
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
