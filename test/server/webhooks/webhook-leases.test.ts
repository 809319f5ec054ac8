/**
 * The dispatcher under claims it does not hold. Before: it rescheduled from the earliest retry time
 * of pending rows, claimed ones included, so while another worker held a claim it re-queried at
 * 0 ms (872 claim queries a second); deliveries in flight when an instance died waited out a 60 s
 * claim; and one receiver that never answered held up every delivery that became due meanwhile.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { WebhookOutboxRow } from '../../../server/db/schema';
import type { Repositories } from '../../../server/repositories/index';
import { WebhookDispatcher } from '../../../server/webhooks/webhook-dispatcher';
import { call, createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  startWebhookReceiver,
  waitFor,
  type ReceiverAnswer,
  type WebhookReceiver,
} from '../../support/webhook-receiver';

function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describeEachBackend('webhook leases and fairness', (backend) => {
  let service: TestService;
  const receivers: WebhookReceiver[] = [];
  const dispatchers: WebhookDispatcher[] = [];

  beforeAll(async () => {
    // No dispatcher of the service's own: each test runs the one it watches.
    service = await startTestService(backend, { backgroundJobs: false });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(() => service?.close());

  async function accountWithReceiver(
    answer?: (index: number) => ReceiverAnswer,
  ): Promise<{ account: TestKey; receiver: WebhookReceiver }> {
    const receiver = await startWebhookReceiver(answer);
    receivers.push(receiver);
    const account = await createAccount(service);
    expect(
      (
        await call(service.baseUrl, 'PUT', '/v1/webhooks', {
          key: account,
          body: { url: receiver.url, incidentTypes: [] },
        })
      ).status,
    ).toBe(200);
    return { account, receiver };
  }

  /** A dispatcher on the service's database whose outbox queries are counted. */
  function dispatcher(options: { requestTimeoutMs?: number } = {}) {
    const counts = { claims: 0, lookups: 0 };
    const outbox = service.app.repositories.webhookOutbox;
    const counted = new Proxy(outbox, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (property === 'claimDue') counts.claims += 1;
          else counts.lookups += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const repositories: Repositories = { ...service.app.repositories, webhookOutbox: counted };
    const created = new WebhookDispatcher({
      repositories,
      clock: () => new Date(),
      logger: service.app.log,
      secretOf: async (accountId) => {
        const account = await service.app.repositories.accounts.findById(accountId);
        return account ? service.app.services.accounts.webhookSecretOf(account) : undefined;
      },
      requestTimeoutMs: options.requestTimeoutMs ?? 3_000,
    });
    dispatchers.push(created);
    return { dispatcher: created, counts };
  }

  /** A pending delivery (SESSION_JOINED of a new candidate) handed to `holder` until `leaseMs` from now. */
  async function deliveryHeldBy(account: TestKey, holder: string, leaseMs: number): Promise<WebhookOutboxRow> {
    const candidate = await launchCandidate(service, { account });
    const [row] = await service.app.repositories.webhookOutbox.listForSession(candidate.session.sessionId);
    await service.app.database.db
      .updateTable('webhook_outbox')
      .set({ claimed_by: holder, claim_expires_at: new Date(Date.now() + leaseMs).toISOString(), attempts: 1 })
      .where('id', '=', row!.id)
      .execute();
    return row!;
  }

  const statusOf = async (id: string) => (await service.app.repositories.webhookOutbox.findById(id))?.status;

  it('idles at about one claim query a second while another worker holds a claim (no busy loop)', async () => {
    const { account } = await accountWithReceiver();
    const held = await deliveryHeldBy(account, 'another-host:4242:0000beef', 60_000);
    const { dispatcher: watched, counts } = dispatcher();
    watched.start();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await watched.stop();
    expect(counts.claims).toBeGreaterThanOrEqual(5);
    expect(counts.claims).toBeLessThanOrEqual(15);
    expect(counts.lookups).toBeLessThanOrEqual(40);
    expect(await statusOf(held.id)).toBe('pending');
  }, 20_000);

  it('takes over at once the deliveries of a dead process on this host, and another host’s when its lease lapses', async () => {
    const { account, receiver } = await accountWithReceiver();
    const orphan = await deliveryHeldBy(account, `${hostname()}:${deadPid()}:0000dead`, 60_000);
    const lapsing = await deliveryHeldBy(account, 'another-host:4242:0000cafe', 2_000);
    const started = Date.now();
    dispatcher().dispatcher.start();
    await waitFor('the dead process’s delivery', async () => (await statusOf(orphan.id)) === 'delivered', 5_000);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await statusOf(lapsing.id)).toBe('pending');
    await waitFor('the lapsed lease’s delivery', async () => (await statusOf(lapsing.id)) === 'delivered', 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(receiver.received.map((webhook) => webhook.headers['x-vigil-delivery-id']).sort()).toEqual(
      [orphan.id, lapsing.id].sort(),
    );
  });

  it('a receiver that never answers delays no other delivery by more than a second, of its own account or another', async () => {
    // The service's own dispatcher this time, woken by each commit as in production.
    const running = await startTestService(
      backend,
      { backgroundJobs: true, webhookTimeoutMs: 8_000 },
      service.database,
    );
    try {
      const hanging = await accountWithReceiver((index) => (index === 0 ? 'hang' : 200));
      const other = await accountWithReceiver();
      await launchCandidate(running, { account: hanging.account });
      await waitFor('the hanging request', () => hanging.receiver.received.length === 1, 5_000);

      const otherCreated = Date.now();
      await launchCandidate(running, { account: other.account });
      await waitFor('the other account’s delivery', () => other.receiver.received.length === 1, 5_000);
      expect(Date.now() - otherCreated).toBeLessThan(1_000);

      const sameCreated = Date.now();
      await launchCandidate(running, { account: hanging.account });
      await waitFor('the same account’s next delivery', () => hanging.receiver.received.length === 2, 5_000);
      expect(Date.now() - sameCreated).toBeLessThan(1_000);
    } finally {
      // The hanging request would otherwise hold the close until its timeout.
      await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
      await running.app.close();
    }
  });
});
