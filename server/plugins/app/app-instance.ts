/**
 * What the app plugins decorate the Fastify instance with, in the order they are registered
 * (each plugin declares its dependencies on the ones above it). Routes and later plugins read
 * these; nothing else is decorated on the instance by server/plugins/app/.
 */
import type { SecretBox } from '../../crypto/secret-box';
import type { TransactionRunner } from '../../db/unit-of-work';
import type { SessionEventBus } from '../../events/session-event-bus';
import type { Clock } from '../../lib/time';
import type { Repositories } from '../../repositories/index';
import type { BackgroundJobs } from './background-jobs-plugin';
import type { ServiceDatabase } from './database-plugin';
import type { VigilServices } from './services-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** clock-plugin: the one clock of the service (tests inject theirs). */
    clock: Clock;
    /** database-plugin: the open database, migrated. */
    database: ServiceDatabase;
    /** master-key-plugin: seals secrets at rest. */
    secrets: SecretBox;
    /** repositories-plugin: the only SQL, and transactions over it. */
    repositories: Repositories;
    transaction: TransactionRunner;
    /** session-events-plugin: state and score changes, in-process or over PostgreSQL NOTIFY. */
    sessionEvents: SessionEventBus;
    /** services-plugin: the domain services. */
    services: VigilServices;
    /** background-jobs-plugin: the jobs themselves, so a test (or the CLI) can run one now instead of waiting for its timer. */
    jobs: BackgroundJobs;
  }
}
