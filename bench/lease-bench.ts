/**
 * Leased background work (issue 20): how often an idle webhook dispatcher queries the outbox while
 * another worker holds a claim (it used to spin at 0 ms), and how long a dead worker's deliveries
 * wait before another dispatcher takes them over: one on this host whose process is gone (at once),
 * and one elsewhere whose lease lapses (the lease, plus at most one poll).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExamRequestSchema } from '../shared/api/exams';
import { buildApp } from '../server/app';
import type { Repositories } from '../server/repositories/index';
import { WebhookDispatcher } from '../server/webhooks/webhook-dispatcher';
import type { Benchmark } from './index';

const IDLE_SECONDS = 5;
const LAPSING_LEASE_MS = 2_000;

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const leaseBenchmark: Benchmark = {
  name: 'leases',
  async run(log) {
    // The receiver is on loopback, which production refuses as a webhook target.
    process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE = '1';
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-leases-'));
    const receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const app = await buildApp({ dataDir, logger: false, backgroundJobs: false });
    try {
      const { services } = app;
      const created = await services.accounts.create({ name: 'Lease bench' });
      await app.repositories.accounts.updateWebhook(created.accountId, receiverUrl, []);
      const exam = await services.exams.createExam(
        created.accountId,
        createExamRequestSchema.parse({ title: 'Lease bench', mode: 'events-only', durationMinutes: 60 }),
        'http://127.0.0.1/demo-exam',
      );
      const examRow = (await app.repositories.exams.findById(exam.id))!;

      /** A pending delivery (a launch's SESSION_JOINED) that `holder` claimed until `leaseMs` from now. */
      const heldDelivery = async (holder: string, leaseMs: number) => {
        const session = await services.exams.createSession(examRow, { externalUserId: 'bench', userName: 'Bench' });
        await services.launches.launch({
          launchCode: session.launchCode,
          client: { version: '0', platform: 'linux', kind: 'desktop' },
        });
        const [row] = await app.repositories.webhookOutbox.listForSession(session.sessionId);
        await app.database.db
          .updateTable('webhook_outbox')
          .set({ claimed_by: holder, claim_expires_at: new Date(Date.now() + leaseMs).toISOString(), attempts: 1 })
          .where('id', '=', row!.id)
          .execute();
        return row!.id;
      };
      const delivered = async (id: string) =>
        (await app.repositories.webhookOutbox.findById(id))?.status === 'delivered';

      const counts = { claims: 0, queries: 0 };
      const outbox = app.repositories.webhookOutbox;
      const counted = new Proxy(outbox, {
        get(target, property, proxy) {
          const value: unknown = Reflect.get(target, property, proxy);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            counts.queries += 1;
            if (property === 'claimDue') counts.claims += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const repositories: Repositories = { ...app.repositories, webhookOutbox: counted };
      const dispatcher = () =>
        new WebhookDispatcher({
          repositories,
          clock: () => new Date(),
          logger: app.log,
          secretOf: async (accountId) => {
            const account = await app.repositories.accounts.findById(accountId);
            return account ? services.accounts.webhookSecretOf(account) : undefined;
          },
        });

      const held = await heldDelivery('another-host:4242:bench', 60_000);
      const idle = dispatcher();
      idle.start();
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
      await idle.stop();
      log(
        `idle with another worker's claim: ${(counts.claims / IDLE_SECONDS).toFixed(1)} claim queries/s, ` +
          `${(counts.queries / IDLE_SECONDS).toFixed(1)} outbox queries/s (the poll floor is 1/s; before: 872 claim queries/s)`,
      );
      if (await delivered(held)) throw new Error('a live claim was taken over');

      const deadPid = Number(
        spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
      );
      const orphan = await heldDelivery(`${hostname()}:${deadPid}:bench`, 60_000);
      const lapsing = await heldDelivery('another-host:4343:bench', LAPSING_LEASE_MS);
      const lapsesAt = Date.now() + LAPSING_LEASE_MS;
      const takeover = dispatcher();
      const started = Date.now();
      takeover.start();
      await until(() => delivered(orphan), 10_000);
      const orphanMs = Date.now() - started;
      await until(() => delivered(lapsing), 10_000);
      const lapsedMs = Date.now() - lapsesAt;
      await takeover.stop();
      log(`takeover of a dead local worker's delivery: ${orphanMs} ms (before: its 60 s lease)`);
      log(`takeover of another host's delivery: ${lapsedMs} ms after its lease lapsed (lease 15 s by default)`);
    } finally {
      await app.close();
      receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
