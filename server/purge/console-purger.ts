/**
 * Keeps the console's bookkeeping from growing for ever: failed sign-ins once they count for no
 * lockout (older than the window), and console sessions a day after their absolute end. The audit
 * log is kept: it is the record.
 */
import type { FastifyBaseLogger } from 'fastify';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';
import { LOCKOUT_WINDOW_MS } from '../services/sign-in-service';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ConsolePurgeResult {
  failuresDeleted: number;
  sessionsDeleted: number;
}

export class ConsolePurger {
  constructor(
    private readonly repositories: Repositories,
    private readonly clock: Clock,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async runOnce(): Promise<ConsolePurgeResult> {
    const now = this.clock();
    const result = {
      failuresDeleted: await this.repositories.signInFailures.deleteOlderThan(isoTime(addMs(now, -LOCKOUT_WINDOW_MS))),
      sessionsDeleted: await this.repositories.consoleSessions.deleteExpiredBefore(isoTime(addMs(now, -DAY_MS))),
    };
    if (result.failuresDeleted + result.sessionsDeleted > 0) this.logger.info(result, 'purged console bookkeeping');
    return result;
  }
}
