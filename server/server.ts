/**
 * The service process: pino logging (one line per request), listen, and a graceful shutdown on
 * SIGTERM/SIGINT that finishes in-flight requests and stops the background jobs before exiting.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app';

export interface ServeOptions extends AppOptions {
  port: number;
  host: string;
}

export interface RunningServer {
  app: FastifyInstance;
  /** http://host:port actually bound (port 0 picks a free one). */
  url: string;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const app = await buildApp({
    ...options,
    logger: options.logger ?? { level: process.env.VIGIL_LOG_LEVEL ?? 'info' },
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  app.log.info(
    { url, database: app.database.engine, location: app.database.location, dataDir: options.dataDir },
    'vigil service listening',
  );
  return { app, url };
}

/** Closes the app on the first SIGTERM or SIGINT; a second one exits at once. */
export function closeOnSignals(app: FastifyInstance): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
