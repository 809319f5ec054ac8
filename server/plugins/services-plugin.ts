/**
 * Opens the database, unseals the master key and wires repositories and services onto
 * `app.services`. The background jobs (webhook dispatcher, heartbeat sweeper, purge) are created
 * here and started when the app is ready; closing the app stops them before the database closes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppOptions } from '../app-options';
import { loadMasterKey } from '../crypto/master-key';
import { SecretBox } from '../crypto/secret-box';
import { openDatabase } from '../db/database';
import type { SqlEngine } from '../db/dialect';
import type { Db } from '../db/schema';
import { createTransactionRunner, type TransactionRunner } from '../db/unit-of-work';
import { InProcessEventBus } from '../events/in-process-event-bus';
import { PostgresEventBus } from '../events/postgres-event-bus';
import type { SessionEventBus } from '../events/session-event-bus';
import type { FaceAnalyzer } from '../face/face-analyzer-types';
import { lazyFaceAnalyzer } from '../face/load-face-analyzer';
import { systemClock, type Clock } from '../lib/time';
import { SessionPurger } from '../purge/session-purger';
import { createRepositories, type Repositories } from '../repositories/index';
import { AccountService } from '../services/account-service';
import { AuthScoreService } from '../services/auth-score-service';
import { ClientSessionService } from '../services/client-session-service';
import { DEFAULT_LAUNCH_CODE_TTL_MS, ExamService } from '../services/exam-service';
import { IdentityService } from '../services/identity-service';
import { IncidentService } from '../services/incident-service';
import { InstitutionSessionService } from '../services/institution-session-service';
import { LaunchService } from '../services/launch-service';
import { QuitPasswordService } from '../services/quit-password-service';
import { SessionLifecycle } from '../services/session-lifecycle';
import { ViolationRules } from '../services/violation-rules';
import { HeartbeatSweeper } from '../sessions/heartbeat-sweeper';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

export interface VigilServices {
  db: Db;
  engine: SqlEngine;
  /** The SQLite file or the PostgreSQL URL without its password. */
  databaseLocation: string;
  repositories: Repositories;
  transaction: TransactionRunner;
  clock: Clock;
  secrets: SecretBox;
  publicBaseUrl: string | undefined;
  accounts: AccountService;
  exams: ExamService;
  incidents: IncidentService;
  lifecycle: SessionLifecycle;
  /** Pushes state changes and auth scores to the client's event stream on whichever instance holds it. */
  events: SessionEventBus;
  scores: AuthScoreService;
  violations: ViolationRules;
  launches: LaunchService;
  clientSessions: ClientSessionService;
  institutionSessions: InstitutionSessionService;
  identity: IdentityService;
  /** Each session's own quit password (the institution reads it, the approved client gets its verifier). */
  quitPasswords: QuitPasswordService;
  faceAnalyzer: () => Promise<FaceAnalyzer>;
  webhooks: WebhookDispatcher;
  sweeper: HeartbeatSweeper;
  purger: SessionPurger;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: VigilServices;
  }
}

export const servicesPlugin = fp<AppOptions>(
  async (app: FastifyInstance, options) => {
    const opened = await openDatabase({
      dataDir: options.dataDir,
      databaseUrl: options.databaseUrl,
      onConnectionError: (error) => app.log.warn({ err: error }, 'a pooled PostgreSQL connection died; it is replaced'),
    });
    const { db, engine } = opened;
    const secrets = new SecretBox(loadMasterKey(options.dataDir, options.masterKey).key);
    const clock = options.now ?? systemClock;
    const repositories = createRepositories(db, engine);
    const transaction = createTransactionRunner(db, engine, (error) =>
      app.log.error({ err: error }, 'after-commit callback failed'),
    );
    const accounts = new AccountService(repositories, secrets, clock);

    // The dispatcher exists before the incident service so enqueues can wake it.
    const webhooks = new WebhookDispatcher({
      repositories,
      clock,
      logger: app.log,
      secretOf: async (accountId) => {
        const account = await repositories.accounts.findById(accountId);
        // The webhook secret, never the API key (pre-0004 accounts excepted: see webhookSecretOf).
        return account ? accounts.webhookSecretOf(account) : undefined;
      },
      retry: options.webhookRetryBaseMs === undefined ? {} : { baseDelayMs: options.webhookRetryBaseMs },
      ...(options.webhookTimeoutMs === undefined ? {} : { requestTimeoutMs: options.webhookTimeoutMs }),
      ...(options.webhookPollIntervalMs === undefined ? {} : { pollIntervalMs: options.webhookPollIntervalMs }),
    });
    const incidents = new IncidentService(clock, () => webhooks.wake());
    const events: SessionEventBus =
      engine === 'postgres' && options.databaseUrl
        ? new PostgresEventBus({
            connectionString: options.databaseUrl,
            onError: (error, message) => app.log.error({ err: error }, message),
          })
        : new InProcessEventBus();
    try {
      await events.start();
    } catch (error) {
      await opened.close();
      throw error;
    }
    const lifecycle = new SessionLifecycle(incidents, clock, events);
    const scores = new AuthScoreService(incidents, events);
    const violations = new ViolationRules(lifecycle, scores);
    incidents.onRecorded.push(violations.onIncidentRecorded);
    const faceAnalyzer = lazyFaceAnalyzer(options.faceAnalyzer);
    const identity = new IdentityService(transaction, incidents, faceAnalyzer, clock);
    identity.onChecked.push(({ uow, sessionId, passed }) =>
      passed ? violations.onIdentityChecked(uow, sessionId) : Promise.resolve(),
    );

    const quitPasswords = new QuitPasswordService(repositories, secrets);
    const services: VigilServices = {
      db,
      engine,
      databaseLocation: opened.location,
      repositories,
      transaction,
      clock,
      secrets,
      publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
      accounts,
      exams: new ExamService(transaction, clock, options.launchCodeTtlMs ?? DEFAULT_LAUNCH_CODE_TTL_MS),
      incidents,
      lifecycle,
      events,
      scores,
      violations,
      launches: new LaunchService(transaction, incidents, secrets, clock),
      clientSessions: new ClientSessionService(transaction, lifecycle, incidents, scores, clock, quitPasswords),
      quitPasswords,
      institutionSessions: new InstitutionSessionService(transaction, lifecycle),
      identity,
      faceAnalyzer,
      webhooks,
      sweeper: new HeartbeatSweeper({
        repositories,
        transaction,
        lifecycle,
        incidents,
        scores,
        clock,
        logger: app.log,
      }),
      purger: new SessionPurger(repositories, transaction, clock, app.log),
    };
    app.decorate('services', services);

    const timers: NodeJS.Timeout[] = [];
    const inFlight = new Set<Promise<unknown>>();
    let closing = false;
    const every = (ms: number, job: () => Promise<unknown>, name: string) => {
      const run = () => {
        if (closing) return;
        const running = job()
          .catch((error: unknown) => app.log.error({ err: error }, `${name} failed`))
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      };
      const timer = setInterval(run, ms);
      timer.unref();
      timers.push(timer);
      setImmediate(run);
    };
    if (options.backgroundJobs !== false) {
      app.addHook('onReady', async () => {
        webhooks.start();
        every(options.sweepIntervalMs ?? 60_000, () => services.sweeper.runOnce(), 'heartbeat sweep');
        every(options.purgeIntervalMs ?? 60 * 60_000, () => services.purger.runOnce(), 'purge');
      });
    }
    app.addHook('onClose', async () => {
      closing = true;
      for (const timer of timers) clearInterval(timer);
      await webhooks.stop();
      await Promise.all(inFlight);
      await events.close();
      await opened.close();
    });
  },
  { name: 'vigil-services' },
);
