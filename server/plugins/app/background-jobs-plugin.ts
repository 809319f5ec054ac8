/**
 * The service's background work on `app.jobs`: the webhook dispatcher (woken when an incident
 * queues a webhook), the heartbeat sweeper, the retention purge and the console's bookkeeping purge. They run from the moment the
 * app is ready (unless `backgroundJobs` is false: tests call `runOnce` themselves) and are stopped,
 * with their runs in flight awaited, before the session event bus and the database close.
 */
import fp from 'fastify-plugin';
import { IntervalJobs } from '../../lib/interval-jobs';
import { ConsolePurger } from '../../purge/console-purger';
import { SessionPurger } from '../../purge/session-purger';
import { HeartbeatSweeper } from '../../sessions/heartbeat-sweeper';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import type {} from './app-instance'; // the instance's decorations

/** The jobs, decorated as `app.jobs`. */
export interface BackgroundJobs {
  webhooks: WebhookDispatcher;
  sweeper: HeartbeatSweeper;
  purger: SessionPurger;
  consolePurger: ConsolePurger;
}

export interface BackgroundJobsPluginOptions {
  /** Run the jobs on timers (default true). */
  backgroundJobs?: boolean | undefined;
  webhookRetryBaseMs?: number | undefined;
  webhookPollIntervalMs?: number | undefined;
  webhookTimeoutMs?: number | undefined;
  sweepIntervalMs?: number | undefined;
  purgeIntervalMs?: number | undefined;
}

export const backgroundJobsPlugin = fp<BackgroundJobsPluginOptions>(
  async (app, options) => {
    const { repositories, transaction, clock, services } = app;
    const webhooks = new WebhookDispatcher({
      repositories,
      clock,
      logger: app.log,
      secretOf: async (accountId) => {
        const account = await repositories.accounts.findById(accountId);
        // The webhook secret, never the API key (pre-0004 accounts excepted: see webhookSecretOf).
        return account ? services.accounts.webhookSecretOf(account) : undefined;
      },
      retry: options.webhookRetryBaseMs === undefined ? {} : { baseDelayMs: options.webhookRetryBaseMs },
      ...(options.webhookTimeoutMs === undefined ? {} : { requestTimeoutMs: options.webhookTimeoutMs }),
      ...(options.webhookPollIntervalMs === undefined ? {} : { pollIntervalMs: options.webhookPollIntervalMs }),
    });
    services.incidents.webhookEnqueued.subscribe(() => webhooks.wake());
    const jobs: BackgroundJobs = {
      webhooks,
      sweeper: new HeartbeatSweeper({
        repositories,
        transaction,
        lifecycle: services.lifecycle,
        incidents: services.incidents,
        scores: services.scores,
        clock,
        logger: app.log,
      }),
      purger: new SessionPurger(repositories, transaction, clock, app.log),
      consolePurger: new ConsolePurger(repositories, clock, app.log),
    };
    app.decorate('jobs', jobs);

    const timers = new IntervalJobs((error, name) => app.log.error({ err: error }, `${name} failed`));
    if (options.backgroundJobs !== false) {
      app.addHook('onReady', async () => {
        webhooks.start();
        timers.every('heartbeat sweep', options.sweepIntervalMs ?? 60_000, () => jobs.sweeper.runOnce());
        timers.every('purge', options.purgeIntervalMs ?? 60 * 60_000, () => jobs.purger.runOnce());
        timers.every('console purge', options.purgeIntervalMs ?? 60 * 60_000, () => jobs.consolePurger.runOnce());
      });
    }
    app.addHook('onClose', async () => {
      // No new run starts from here; the dispatcher stops while the runs in flight finish.
      const runsFinished = timers.stop();
      await webhooks.stop();
      await runsFinished;
    });
  },
  { name: 'vigil-background-jobs', dependencies: ['vigil-clock', 'vigil-repositories', 'vigil-services'] },
);
