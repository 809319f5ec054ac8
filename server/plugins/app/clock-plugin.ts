/** The service's one clock (`app.clock`): the system's, or the one a test moves. */
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../../lib/time';

export interface ClockPluginOptions {
  now?: Clock | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
  }
}

export const clockPlugin = fp<ClockPluginOptions>(
  async (app, options) => {
    app.decorate('clock', options.now ?? systemClock);
  },
  { name: 'vigil-clock' },
);
