/**
 * The service's clock over open sessions, run every VIGIL_SWEEP_INTERVAL_MS:
 * - a started session past its end (start + duration) plus the policy's finishGraceSeconds is
 *   finished by the service (SESSION_FINISHED, additionalData.finishedAutomatically);
 * - a started session without a heartbeat for the policy's disconnectAfterSeconds gets DISCONNECTED
 *   (once; its next heartbeat records CONNECTED, services/client-session-service.ts);
 * - a session waiting for approval longer than approvalWaitAlertSeconds gets SESSION_WAITING_DETECTED;
 * - a session silent for HEARTBEAT_TIMEOUT_MS is closed (SESSION_CLOSED_AUTOMATICALLY);
 * - V2 nonces whose Date window has passed are forgotten.
 * Each decision is taken again inside a transaction holding the session's row, so a heartbeat or
 * another instance racing it wins cleanly.
 */
import type { FastifyBaseLogger } from 'fastify';
import { examPolicySchema, type ExamPolicy } from '../../shared/policy';
import { HEARTBEAT_TIMEOUT_MS, SESSION_TRANSITIONS } from '../../shared/session-states';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import { HttpError } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import type { Repositories } from '../repositories/index';
import type { AuthScoreService } from '../services/auth-score-service';
import type { IncidentService } from '../services/incident-service';
import type { SessionLifecycle } from '../services/session-lifecycle';

export interface SweepResult {
  closed: number;
  noncesForgotten: number;
  disconnected: number;
  waitingDetected: number;
  finished: number;
}

export interface HeartbeatSweeperDeps {
  repositories: Repositories;
  transaction: TransactionRunner;
  lifecycle: SessionLifecycle;
  incidents: IncidentService;
  scores: AuthScoreService;
  clock: Clock;
  logger: FastifyBaseLogger;
  timeoutMs?: number;
}

const PAGE = 100;

type Verdict = 'finish' | 'disconnect' | 'waiting' | null;

export class HeartbeatSweeper {
  private readonly timeoutMs: number;

  constructor(private readonly deps: HeartbeatSweeperDeps) {
    this.timeoutMs = deps.timeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  }

  async runOnce(): Promise<SweepResult> {
    const now = this.deps.clock();
    const result: SweepResult = { closed: 0, noncesForgotten: 0, disconnected: 0, waitingDetected: 0, finished: 0 };
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.repositories.sessions.listOpenWithExam(
        ['started', 'approval_requested'],
        PAGE,
        after,
      );
      for (const row of page) {
        const policy = examPolicySchema.parse(JSON.parse(row.policy));
        const verdict = decide(row, row.duration_minutes, policy, now);
        if (verdict && (await this.apply(row.id, verdict, now))) {
          if (verdict === 'finish') result.finished += 1;
          else if (verdict === 'disconnect') result.disconnected += 1;
          else result.waitingDetected += 1;
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    result.closed = await this.closeSilent(now);
    result.noncesForgotten = await this.deps.repositories.nonces.deleteExpired(isoTime(now));
    const { closed, disconnected, waitingDetected, finished } = result;
    if (closed + disconnected + waitingDetected + finished > 0) {
      this.deps.logger.info({ closed, disconnected, waitingDetected, finished }, 'swept sessions');
    }
    return result;
  }

  /** Decides again under the row lock; false when the session moved on meanwhile. */
  private async apply(sessionId: string, verdict: NonNullable<Verdict>, now: Date): Promise<boolean> {
    try {
      return await this.deps.transaction(async (uow) => {
        const session = await uow.repositories.sessions.lockById(sessionId);
        const exam = session && (await uow.repositories.exams.findById(session.exam_id));
        if (!session || !exam) return false;
        const policy = examPolicySchema.parse(JSON.parse(exam.policy));
        if (decide(session, exam.duration_minutes, policy, now) !== verdict) return false;
        if (verdict === 'finish') await this.finish(uow, session, exam.duration_minutes, policy);
        else if (verdict === 'disconnect') await this.disconnect(uow, session, policy, now);
        else await this.waiting(uow, session, policy, now);
        return true;
      });
    } catch (error) {
      // Another instance or a client call got there first.
      if (error instanceof HttpError && error.statusCode === 409) return false;
      throw error;
    }
  }

  private async finish(uow: UnitOfWork, session: SessionRow, durationMinutes: number, policy: ExamPolicy) {
    const endsAt = isoTime(addMs(new Date(session.started_at!), durationMinutes * 60_000));
    const final = await this.deps.scores.final(uow, session, policy, 'finished');
    await this.deps.lifecycle.transition(uow, session, 'finish', {
      source: 'service',
      reason: "The exam's time ran out: the service finished it",
      patch: final.patch,
      additionalData: {
        ...final.additionalData,
        finishedAutomatically: true,
        reason: 'time_up',
        endsAt,
        graceSeconds: policy.finishGraceSeconds,
      },
      recordingOffsetMs: session.last_recording_offset_ms,
      details: {
        automatic: true,
        endsAt,
        graceSeconds: policy.finishGraceSeconds,
        authScore: final.breakdown.authScore,
        flaggedForReview: final.flaggedForReview,
      },
    });
  }

  private async disconnect(uow: UnitOfWork, session: SessionRow, policy: ExamPolicy, now: Date) {
    const lastHeartbeatAt = session.last_heartbeat_at ?? session.started_at!;
    const updated = (await uow.repositories.sessions.update(session.id, { disconnected_at: isoTime(now) })) ?? session;
    await this.deps.incidents.record(uow, {
      session: updated,
      type: 'DISCONNECTED',
      source: 'service',
      recordingOffsetMs: session.last_recording_offset_ms,
      details: {
        lastHeartbeatAt,
        silentForMs: now.getTime() - Date.parse(lastHeartbeatAt),
        disconnectAfterSeconds: policy.disconnectAfterSeconds,
      },
    });
  }

  private async waiting(uow: UnitOfWork, session: SessionRow, policy: ExamPolicy, now: Date) {
    const since = session.approval_requested_at!;
    const updated =
      (await uow.repositories.sessions.update(session.id, { waiting_alerted_at: isoTime(now) })) ?? session;
    await this.deps.incidents.record(uow, {
      session: updated,
      type: 'SESSION_WAITING_DETECTED',
      source: 'service',
      details: {
        waitingSince: since,
        waitingForMs: now.getTime() - Date.parse(since),
        approvalWaitAlertSeconds: policy.approvalWaitAlertSeconds,
      },
    });
  }

  private async closeSilent(now: Date): Promise<number> {
    const cutoff = isoTime(addMs(now, -this.timeoutMs));
    let closed = 0;
    for (;;) {
      const silent = await this.deps.repositories.sessions.listSilentSince(
        SESSION_TRANSITIONS.closeAutomatically.from,
        cutoff,
        PAGE,
      );
      for (const session of silent) {
        try {
          await this.deps.transaction(async (uow) => {
            const current = await uow.repositories.sessions.findById(session.id);
            if (!current) return;
            await this.deps.lifecycle.transition(uow, current, 'closeAutomatically', {
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
      if (silent.length < PAGE) break;
    }
    return closed;
  }
}

/** What the clock says about one session now; pure, so the sweep and its re-check under the lock agree. */
function decide(
  session: Pick<
    SessionRow,
    'state' | 'started_at' | 'last_heartbeat_at' | 'disconnected_at' | 'approval_requested_at' | 'waiting_alerted_at'
  >,
  durationMinutes: number,
  policy: ExamPolicy,
  now: Date,
): Verdict {
  const at = now.getTime();
  if (session.state === 'started' && session.started_at) {
    const finishAt = Date.parse(session.started_at) + durationMinutes * 60_000 + policy.finishGraceSeconds * 1000;
    if (at >= finishAt) return 'finish';
    const lastSign = Date.parse(session.last_heartbeat_at ?? session.started_at);
    if (!session.disconnected_at && at - lastSign > policy.disconnectAfterSeconds * 1000) return 'disconnect';
    return null;
  }
  if (session.state === 'approval_requested' && session.approval_requested_at && !session.waiting_alerted_at) {
    if (at - Date.parse(session.approval_requested_at) > policy.approvalWaitAlertSeconds * 1000) return 'waiting';
  }
  return null;
}
