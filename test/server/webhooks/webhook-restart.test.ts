/**
 * The outbox is durable: the service process is killed (SIGKILL) between two attempts of a
 * delivery and started again; the webhook still arrives, exactly once with a 2xx, same triggeredAt.
 */
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../server/db/database';
import { call, createExam, createSession, launch, type TestKey } from '../../support/service-client';
import { describeEachBackend, createTestDatabase, type TestDatabase } from '../../support/service-harness';
import { runCli, startServiceProcess, type ServiceProcess } from '../../support/service-process';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../../support/webhook-receiver';

describeEachBackend('webhook outbox across a crash', (backend) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('a service killed between attempts and restarted delivers exactly once', async () => {
    const database: TestDatabase = await createTestDatabase(backend);
    cleanup.push(() => database.dispose());
    const receiver: WebhookReceiver = await startWebhookReceiver((index) => (index === 0 ? 503 : 200));
    cleanup.push(() => receiver.close());
    const env = {
      DATABASE_URL: database.databaseUrl ?? '',
      // Long enough that the kill surely lands before the retry is due.
      VIGIL_WEBHOOK_RETRY_BASE_MS: '4000',
    };
    const args = ['--data-dir', database.dataDir];

    const created = runCli(
      ['account', 'create', '--name', 'Crash test', '--webhook-url', receiver.url, '--json', ...args],
      env,
    );
    expect(created.status, created.stderr).toBe(0);
    const { accountId, secretKey } = JSON.parse(created.stdout) as { accountId: number; secretKey: string };
    const account: TestKey = { keyId: accountId, secretKey };

    let running: ServiceProcess = await startServiceProcess(args, env);
    cleanup.push(() => running.stop('SIGTERM'));
    const service = { baseUrl: running.url };
    const exam = await createExam(service, account);
    const session = await createSession(service, account, exam.id);
    expect((await launch(service, session.launchCode)).status).toBe(200);

    // Watch the outbox the way an operator would: straight from the database.
    const observer: OpenDatabase = await openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
    cleanup.push(() => observer.close());
    const row = () =>
      observer.db
        .selectFrom('webhook_outbox')
        .selectAll()
        .where('session_id', '=', session.sessionId)
        .executeTakeFirst();

    // First attempt answered 503 and recorded; the retry is scheduled but not yet due.
    const afterFirst = await waitFor('the first attempt to be recorded', async () => {
      const current = await row();
      return current && current.attempts === 1 && current.claimed_by === null && current.last_status_code === 503
        ? current
        : undefined;
    });
    expect(afterFirst.status).toBe('pending');
    expect(Date.parse(afterFirst.next_attempt_at)).toBeGreaterThan(Date.now());
    await running.stop('SIGKILL');
    expect(running.child.signalCode).toBe('SIGKILL');
    expect(receiver.received).toHaveLength(1);

    running = await startServiceProcess(args, env);
    const delivered = await waitFor('delivery after the restart', async () => {
      const current = await row();
      return current?.status === 'delivered' ? current : undefined;
    });
    expect(delivered).toMatchObject({ attempts: 2, last_status_code: 200 });
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.payload.triggeredAt).toBe(first!.payload.triggeredAt);
    expect(second!.headers['x-vigil-delivery-id']).toBe(first!.headers['x-vigil-delivery-id']);
    expect(second!.payload.timestamp).not.toBe(first!.payload.timestamp);

    // A graceful stop (SIGTERM) after that sends nothing more: one 503, one 200, in all.
    expect((await call(running.url, 'GET', '/healthz')).status).toBe(200);
    await running.stop('SIGTERM');
    expect(running.child.exitCode).toBe(0);
    expect(receiver.received).toHaveLength(2);
    expect((await row())?.status).toBe('delivered');
  }, 90_000);
});
