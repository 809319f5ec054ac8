/**
 * Closes sessions whose client went silent (no heartbeat for HEARTBEAT_TIMEOUT_MS) with
 * SESSION_CLOSED_AUTOMATICALLY, and forgets V2 nonces whose Date window has passed.
 */
import type { FastifyBaseLogger } from 'fastify';
import { HEARTBEAT_TIMEOUT_MS, SESSION_TRANSITIONS } from '../../shared/session-states';
import type { TransactionRunner } from '../db/unit-of-work';
import { HttpError } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';
import type { SessionLifecycle } from '../services/session-lifecycle';

export interface SweepResult {
  closed: number;
  noncesForgotten: number;
}

export class HeartbeatSweeper {
  constructor(
    private readonly repositories: Repositories,
    private readonly transaction: TransactionRunner,
    private readonly lifecycle: SessionLifecycle,
    private readonly clock: Clock,
    private readonly logger: FastifyBaseLogger,
    private readonly timeoutMs = HEARTBEAT_TIMEOUT_MS,
  ) {}

  async runOnce(): Promise<SweepResult> {
    const now = this.clock();
    const cutoff = isoTime(addMs(now, -this.timeoutMs));
    let closed = 0;
    for (;;) {
      const silent = await this.repositories.sessions.listSilentSince(
        SESSION_TRANSITIONS.closeAutomatically.from,
        cutoff,
        100,
      );
      for (const session of silent) {
        try {
          await this.transaction(async (uow) => {
            const current = await uow.repositories.sessions.findById(session.id);
            if (!current) return;
            await this.lifecycle.transition(uow, current, 'closeAutomatically', {
              source: 'service',
              reason: 'No heartbeat from the client for an hour',
              details: { lastHeartbeatAt: current.last_heartbeat_at },
            });
          });
          closed += 1;
        } catch (error) {
          // A heartbeat or another instance got there first: the session is no longer silent or open.
          if (!(error instanceof HttpError && error.statusCode === 409)) throw error;
        }
      }
      if (silent.length < 100) break;
    }
    const noncesForgotten = await this.repositories.nonces.deleteExpired(isoTime(now));
    if (closed > 0) this.logger.info({ closed }, 'closed silent sessions');
    return { closed, noncesForgotten };
  }
}
