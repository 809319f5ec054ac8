/**
 * The exam service as one Fastify application, read top-down: errors, logging and OpenAPI; the
 * application's own plugins (plugins/app: clock, database, master key, repositories, session
 * events, services, background jobs, each declaring what it needs); raw bodies, authentication and
 * rate limits; then the routes.
 * server.ts owns the process; tests build this with a temporary data directory and listen on port 0.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import {
  DEFAULT_MAX_FACE_JSON_BYTES,
  DEFAULT_MAX_JSON_BYTES,
  DEFAULT_MAX_PATCH_BYTES,
  type AppOptions,
} from './app-options';
import { authPlugin } from './plugins/auth-plugin';
import { consoleAuthPlugin } from './plugins/console-auth-plugin';
import { bodyLimitPlugin } from './plugins/body-limit-plugin';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler-plugin';
import { openApiPlugin } from './plugins/openapi-plugin';
import { rateLimitPlugin } from './plugins/rate-limit-plugin';
import { rawBodyPlugin } from './plugins/raw-body-plugin';
import { requestLogPlugin } from './plugins/request-log-plugin';
import { responseMacPlugin } from './plugins/response-mac-plugin';
import { backgroundJobsPlugin } from './plugins/app/background-jobs-plugin';
import { clockPlugin } from './plugins/app/clock-plugin';
import { databasePlugin } from './plugins/app/database-plugin';
import { masterKeyPlugin } from './plugins/app/master-key-plugin';
import { repositoriesPlugin } from './plugins/app/repositories-plugin';
import { servicesPlugin } from './plugins/app/services-plugin';
import { sessionEventsPlugin } from './plugins/app/session-events-plugin';
import { recordingsPlugin } from './recordings/recordings-plugin';
import { accountRoutes } from './routes/account-routes';
import { auditLogRoutes } from './routes/audit-log-routes';
import { consoleRoutes } from './routes/console-routes';
import { clientEventRoutes } from './routes/client-event-routes';
import { clientLaunchRoutes } from './routes/client-launch-routes';
import { clientSessionRoutes } from './routes/client-session-routes';
import { demoExamRoutes } from './routes/demo-exam-routes';
import { examRoutes } from './routes/exam-routes';
import { healthRoutes } from './routes/health-routes';
import { networkProbeRoutes } from './routes/network-probe-routes';
import { sessionRoutes } from './routes/session-routes';
import { webhookRoutes } from './routes/webhook-routes';

export type { AppOptions } from './app-options';

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    // Only the named proxies may say who the client is; anyone else's X-Forwarded-For is ignored.
    trustProxy: options.trustProxy ?? false,
    // request-log-plugin writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // The router's own refusals (an over-long path parameter: 414; an undecodable URL: 400) in the error envelope.
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  try {
    await registerPlugins(app, options);
  } catch (error) {
    // What opened before the failure (the database, the event bus) closes again; the cause is what is thrown.
    await app
      .close()
      .catch((closeError: unknown) => app.log.error({ err: closeError }, 'closing after a failed start failed'));
    throw error;
  }
  return app;
}

async function registerPlugins(app: FastifyInstance, options: AppOptions): Promise<void> {
  await app.register(errorHandlerPlugin);
  await app.register(requestLogPlugin);
  await app.register(openApiPlugin);

  await app.register(clockPlugin, { now: options.now });
  await app.register(databasePlugin, { dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  await app.register(masterKeyPlugin, { dataDir: options.dataDir, masterKey: options.masterKey });
  await app.register(repositoriesPlugin);
  await app.register(sessionEventsPlugin, { databaseUrl: options.databaseUrl });
  await app.register(servicesPlugin, { faceAnalyzer: options.faceAnalyzer, launchCodeTtlMs: options.launchCodeTtlMs });
  await app.register(backgroundJobsPlugin, options);

  await app.register(rawBodyPlugin);
  await app.register(authPlugin);
  await app.register(consoleAuthPlugin, { publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, '') });
  await app.register(responseMacPlugin, { dataDir: options.dataDir, signingKey: options.responseSigningKey });
  await app.register(rateLimitPlugin, { limits: options.rateLimits });
  await app.register(bodyLimitPlugin, { maxFaceJsonBytes: options.maxFaceJsonBytes ?? DEFAULT_MAX_FACE_JSON_BYTES });

  await app.register(healthRoutes);
  await app.register(examRoutes, { publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, '') });
  await app.register(sessionRoutes);
  await app.register(webhookRoutes);
  await app.register(accountRoutes);
  await app.register(auditLogRoutes);
  await app.register(consoleRoutes);
  await app.register(clientLaunchRoutes, { rateLimit: options.launchRateLimit ?? { max: 30, timeWindowMs: 60_000 } });
  await app.register(clientSessionRoutes);
  await app.register(clientEventRoutes, {
    pingMs: options.eventStreamPingMs ?? 15_000,
    retryMs: options.eventStreamRetryMs ?? 2_000,
  });
  await app.register(networkProbeRoutes);
  await app.register(demoExamRoutes);
  await app.register(recordingsPlugin, {
    dataDir: options.dataDir,
    storageUrl: options.storageUrl,
    storage: options.recordingStorage,
    sweepIntervalMs: options.leaseSweepIntervalMs,
    maxChunkBytes: options.maxPatchBytes ?? DEFAULT_MAX_PATCH_BYTES,
  });
}
