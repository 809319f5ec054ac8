/** The service's one clock (`app.clock`): the system's, or the one a test moves. */
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../../lib/time';
import type {} from './app-instance'; // the instance's decorations

export interface ClockPluginOptions {
  now?: Clock | undefined;
}

export const clockPlugin = fp<ClockPluginOptions>(
  async (app, options) => {
    app.decorate('clock', options.now ?? systemClock);
  },
  { name: 'vigil-clock' },
);
