/**
 * The bus that carries session events to the client's event stream on whichever instance holds it
 * (`app.sessionEvents`): PostgreSQL LISTEN/NOTIFY when instances share a PostgreSQL database,
 * in-process otherwise. Closed before the database.
 */
import fp from 'fastify-plugin';
import { InProcessEventBus } from '../../events/in-process-event-bus';
import { PostgresEventBus } from '../../events/postgres-event-bus';
import type { SessionEventBus } from '../../events/session-event-bus';
import type {} from './app-instance'; // the instance's decorations

export interface SessionEventsPluginOptions {
  databaseUrl?: string | undefined;
}

export const sessionEventsPlugin = fp<SessionEventsPluginOptions>(
  async (app, options) => {
    const events: SessionEventBus =
      app.database.engine === 'postgres' && options.databaseUrl
        ? new PostgresEventBus({
            connectionString: options.databaseUrl,
            onError: (error, message) => app.log.error({ err: error }, message),
          })
        : new InProcessEventBus();
    await events.start();
    app.decorate('sessionEvents', events);
    app.addHook('onClose', () => events.close());
  },
  { name: 'vigil-session-events', dependencies: ['vigil-database'] },
);
