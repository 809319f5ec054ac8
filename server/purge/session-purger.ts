/**
 * Enforces `logRetentionDays`: once a session has been over for that many days its incidents and
 * biometric data are deleted. Other parts delete what they store per session by subscribing to
 * `purgingSession` (the recordings). Hooks run inside the purge's transaction and must be idempotent:
 * if anything fails the session stays unpurged and is tried again on the next run.
 */
import type { FastifyBaseLogger } from 'fastify';
import { examPolicySchema } from '../../shared/policy';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import { OrderedHooks } from '../lib/observers';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 100;

export interface PurgingSessionEvent {
  uow: UnitOfWork;
  session: SessionRow;
}

export interface PurgeResult {
  sessionsPurged: number;
  incidentsDeleted: number;
}

export class SessionPurger {
  /** Run inside each session's purge transaction, before it is marked purged. */
  readonly purgingSession = new OrderedHooks<PurgingSessionEvent>();

  constructor(
    private readonly repositories: Repositories,
    private readonly transaction: TransactionRunner,
    private readonly clock: Clock,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async runOnce(): Promise<PurgeResult> {
    const now = this.clock();
    // The shortest retention a policy allows is one day, so nothing younger can be due.
    const endedBefore = isoTime(addMs(now, -DAY_MS));
    const result: PurgeResult = { sessionsPurged: 0, incidentsDeleted: 0 };
    let cursor: { endedAt: string; id: string } | undefined;
    for (;;) {
      const page = await this.repositories.sessions.listEndedUnpurged(endedBefore, PAGE, cursor);
      for (const session of page) {
        const retentionDays = examPolicySchema.parse(JSON.parse(session.policy)).logRetentionDays;
        if (!session.ended_at || Date.parse(session.ended_at) + retentionDays * DAY_MS > now.getTime()) continue;
        result.incidentsDeleted += await this.purge(session.id, isoTime(now));
        result.sessionsPurged += 1;
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last?.ended_at) break;
      cursor = { endedAt: last.ended_at, id: last.id };
    }
    if (result.sessionsPurged > 0) this.logger.info(result, 'purged expired session data');
    return result;
  }

  private async purge(sessionId: string, now: string): Promise<number> {
    return this.transaction(async (uow) => {
      const session = await uow.repositories.sessions.findById(sessionId);
      if (!session || session.incidents_purged_at) return 0;
      const deleted = await uow.repositories.incidents.deleteForSession(sessionId);
      await uow.repositories.identity.deleteForSession(sessionId);
      await this.purgingSession.run({ uow, session });
      await uow.repositories.sessions.update(sessionId, { incidents_purged_at: now });
      return deleted;
    });
  }
}
