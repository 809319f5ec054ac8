/** What a candidate's client does with its session key: report steps and incidents, move through the states, stay alive. */
import type { z } from 'zod';
import type {
  ClientSession,
  SessionEvent,
  SessionStatusResponse,
  clientIncidentSchema,
  stepReportSchema,
} from '../../shared/api/client';
import type { IncidentType } from '../../shared/incidents';
import { SESSION_TRANSITIONS, type SessionState } from '../../shared/session-states';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import { invalidState, notFound } from '../lib/http-error';
import { addMs, isoTime, type Clock } from '../lib/time';
import { endsAt, policyOf, presentCandidate, presentLaunchExam } from '../presenters/api-presenters';
import type { AuthScoreService } from './auth-score-service';
import type { IncidentService } from './incident-service';
import { mayHoldQuitVerifier, type QuitPasswordService } from './quit-password-service';
import { describeState, isTerminal, type SessionLifecycle } from './session-lifecycle';

/**
 * An ended session takes no new incidents; one dated up to this long after the end is still the
 * offline queue catching up (the client's clock is not the service's).
 */
export const LATE_INCIDENT_TOLERANCE_MS = 60_000;

export type ParsedStepReport = z.output<typeof stepReportSchema>;
export type ParsedClientIncident = z.output<typeof clientIncidentSchema>;

export interface IncidentBatchResult {
  accepted: number;
  duplicates: number;
  state: SessionState;
  authScore: number | null;
}

/**
 * Incidents of state changes that carry a reason; the latest says why the session is where it is.
 * Check steps are left out: many are recorded without a state change.
 */
const REASONED_TRANSITION_INCIDENTS: IncidentType[] = [
  ...new Set(Object.values(SESSION_TRANSITIONS).map((transition): IncidentType => transition.incident)),
].filter((type) => type !== 'SYSTEM_CHECK_STEP_CHANGED');

export class ClientSessionService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly lifecycle: SessionLifecycle,
    private readonly incidents: IncidentService,
    private readonly scores: AuthScoreService,
    private readonly clock: Clock,
    private readonly quitPasswords: QuitPasswordService,
  ) {}

  /** The session's state and its exam clock (startedAt, endsAt = start + the exam's duration) for the client. */
  async status(uow: UnitOfWork, session: SessionRow, now: Date = this.clock()): Promise<SessionStatusResponse> {
    const exam = session.started_at ? await uow.repositories.exams.findById(session.exam_id) : undefined;
    return {
      state: session.state,
      authScore: session.auth_score,
      stopReason: session.stop_reason,
      serverTime: isoTime(now),
      startedAt: session.started_at,
      endsAt: exam ? endsAt(session, exam) : null,
      preview: session.preview === 1,
      ...(mayHoldQuitVerifier(session.state) && session.quit_password_verifier
        ? { quitPasswordHash: session.quit_password_verifier }
        : {}),
    };
  }

  /** An approved session's answer carries its quit verifier, made outside the transaction on first need. */
  private async withQuitPassword(sessionId: string, status: SessionStatusResponse): Promise<SessionStatusResponse> {
    if (!mayHoldQuitVerifier(status.state) || status.quitPasswordHash) return status;
    const verifier = await this.quitPasswords.verifierFor(sessionId);
    return verifier ? { ...status, quitPasswordHash: verifier } : status;
  }

  async describe(sessionId: string): Promise<ClientSession> {
    const quitPasswordHash = await this.quitPasswords.verifierFor(sessionId);
    return this.transaction(async ({ repositories }) => {
      const session = await this.load(repositories.sessions.findById(sessionId));
      const exam = await repositories.exams.findById(session.exam_id);
      if (!exam) throw notFound('Exam');
      const faces = await repositories.identity.findFaces(session.id);
      return {
        sessionId: session.id,
        state: session.state,
        authScore: session.auth_score,
        exam: presentLaunchExam(exam),
        policy: policyOf(exam),
        candidate: presentCandidate(session, Boolean(faces?.reference_photo)),
        enrolled: Boolean(faces?.enrolment_embedding),
        startedAt: session.started_at,
        endsAt: endsAt(session, exam),
        stopReason: session.stop_reason,
        serverTime: isoTime(this.clock()),
        preview: session.preview === 1,
        lastHeartbeatAt: session.last_heartbeat_at,
        ...(quitPasswordHash && mayHoldQuitVerifier(session.state) ? { quitPasswordHash } : {}),
      };
    });
  }

  /** A check step; the first one moves a joined session into "checks". */
  async reportStep(sessionId: string, report: ParsedStepReport): Promise<SessionStatusResponse> {
    return this.transaction(async (uow) => {
      const session = await this.loadOpen(uow, sessionId, 'report a check step');
      const incidentType: IncidentType =
        report.flow === 'identity' ? 'IDENTITY_CHECK_STEP_CHANGED' : 'SYSTEM_CHECK_STEP_CHANGED';
      const details = { flow: report.flow, step: report.step, status: report.status, details: report.details };
      if (session.state === 'joined') {
        const moved = await this.lifecycle.transition(uow, session, 'beginChecks', {
          source: 'client',
          incidentType,
          details,
        });
        return this.status(uow, moved);
      }
      await this.incidents.record(uow, { session, type: incidentType, source: 'client', details });
      return this.status(uow, session);
    });
  }

  /** Stores each incident once (by clientId), whatever the state: a queued incident may arrive after the end. */
  async recordIncidents(sessionId: string, incidents: ParsedClientIncident[]): Promise<IncidentBatchResult> {
    return this.transaction(async (uow) => {
      const session = await this.load(uow.repositories.sessions.findById(sessionId));
      refuseIncidentsAfterTheEnd(session, incidents);
      let accepted = 0;
      let duplicates = 0;
      for (const incident of incidents) {
        const result = await this.incidents.record(uow, {
          session,
          type: incident.type,
          occurredAt: incident.occurredAt,
          details: incident.details,
          clientId: incident.clientId,
          recordingOffsetMs: incident.recordingOffsetMs ?? null,
          source: 'client',
        });
        if (result.duplicate) duplicates += 1;
        else accepted += 1;
      }
      // Hooks (auto-stop) may have changed the session meanwhile.
      const current = await this.load(uow.repositories.sessions.findById(sessionId));
      return { accepted, duplicates, state: current.state, authScore: current.auth_score };
    });
  }

  /**
   * Requests approval; with `autoApprove` in the policy the service approves in the same
   * transaction, else the institution's POST /v1/sessions/:id/approve does and the event stream
   * tells the client.
   */
  async requestApproval(sessionId: string, recordingOffsetMs?: number): Promise<SessionStatusResponse> {
    const status = await this.transaction(async (uow) => {
      const session = await this.lock(uow, sessionId);
      const offset = recordingOffsetMs ?? session.last_recording_offset_ms;
      const exam = await uow.repositories.exams.findById(session.exam_id);
      const autoApprove = exam ? policyOf(exam).autoApprove : false;
      let moved = await this.lifecycle.transition(uow, session, 'requestApproval', {
        source: 'client',
        reason: autoApprove ? 'Approval requested' : 'Waiting for the institution to approve the session',
        recordingOffsetMs: offset,
      });
      if (autoApprove) {
        moved = await this.lifecycle.transition(uow, moved, 'approve', {
          source: 'service',
          reason: "Approved automatically: the exam's policy approves every session",
          details: { automatic: true },
          recordingOffsetMs: offset,
        });
      }
      return this.status(uow, moved);
    });
    return this.withQuitPassword(sessionId, status);
  }

  /** `approved` → `started`; the auth score starts here, from everything recorded so far. */
  async start(sessionId: string, recordingOffsetMs?: number): Promise<SessionStatusResponse> {
    const status = await this.transaction(async (uow) => {
      const session = await this.lock(uow, sessionId);
      if (session.state !== 'approved') {
        return this.status(uow, await this.lifecycle.transition(uow, session, 'start', { source: 'client' }));
      }
      const exam = await uow.repositories.exams.findById(session.exam_id);
      if (!exam) throw notFound('Exam');
      const initial = await this.scores.initial(uow, session, policyOf(exam));
      const moved = await this.lifecycle.transition(uow, session, 'start', {
        source: 'client',
        patch: initial.patch,
        additionalData: initial.additionalData,
        recordingOffsetMs: recordingOffsetMs ?? session.last_recording_offset_ms,
      });
      return this.status(uow, moved);
    });
    return this.withQuitPassword(sessionId, status);
  }

  /** `started` → `finished` with the final auth score, flagged for review below the trust threshold. */
  async finish(sessionId: string, recordingOffsetMs?: number): Promise<SessionStatusResponse> {
    return this.transaction(async (uow) => {
      const session = await this.lock(uow, sessionId);
      const exam = await uow.repositories.exams.findById(session.exam_id);
      if (session.state !== 'started' || !exam) {
        return this.status(uow, await this.lifecycle.transition(uow, session, 'finish', { source: 'client' }));
      }
      const final = await this.scores.final(uow, session, policyOf(exam), 'finished');
      const moved = await this.lifecycle.transition(uow, session, 'finish', {
        source: 'client',
        patch: final.patch,
        additionalData: final.additionalData,
        recordingOffsetMs: recordingOffsetMs ?? session.last_recording_offset_ms,
        details: { authScore: final.breakdown.authScore, flaggedForReview: final.flaggedForReview },
      });
      return this.status(uow, moved);
    });
  }

  /**
   * What a client's event stream sends first (and again after the bus lost events): the score, when
   * there is one, then the state with the reason it got there.
   */
  async eventSnapshot(sessionId: string): Promise<SessionEvent[]> {
    return this.transaction(async ({ repositories }) => {
      const session = await this.load(repositories.sessions.findById(sessionId));
      const events: SessionEvent[] = [];
      if (session.auth_score !== null) events.push({ type: 'auth-score', authScore: session.auth_score });
      let reason = session.stop_reason;
      if (reason === null) {
        // The move that led here recorded its reason; two moves can share a transaction (request + auto-approve).
        const latest = await repositories.incidents.listLatestOfTypes(session.id, REASONED_TRANSITION_INCIDENTS, 3);
        const move = latest
          .map((incident) => JSON.parse(incident.details) as { to?: unknown; reason?: unknown })
          .find((details) => details.to === session.state);
        reason = typeof move?.reason === 'string' ? move.reason : null;
      }
      events.push({ type: 'state', state: session.state, reason });
      return events;
    });
  }

  /**
   * Keeps the session open; in a terminal state it just reports the state, so the client learns of a
   * stop. The first heartbeat after the sweeper recorded DISCONNECTED records CONNECTED with the gap.
   */
  async heartbeat(sessionId: string, recordingOffsetMs: number | undefined): Promise<SessionStatusResponse> {
    const status = await this.transaction(async (uow) => {
      const { repositories } = uow;
      // Held, so the sweeper's DISCONNECTED and this CONNECTED cannot cross.
      const session = await this.lock(uow, sessionId);
      const now = this.clock();
      if (isTerminal(session.state)) return this.status(uow, session, now);
      const updated =
        (await repositories.sessions.update(session.id, {
          last_heartbeat_at: isoTime(now),
          ...(recordingOffsetMs === undefined ? {} : { last_recording_offset_ms: recordingOffsetMs }),
          ...(session.disconnected_at ? { disconnected_at: null } : {}),
        })) ?? session;
      if (session.disconnected_at) {
        const lastHeartbeatAt = session.last_heartbeat_at ?? session.disconnected_at;
        await this.incidents.record(uow, {
          session: updated,
          type: 'CONNECTED',
          source: 'service',
          recordingOffsetMs: recordingOffsetMs ?? session.last_recording_offset_ms,
          details: {
            lastHeartbeatAt,
            disconnectedAt: session.disconnected_at,
            gapMs: now.getTime() - Date.parse(lastHeartbeatAt),
          },
        });
      }
      return this.status(uow, updated, now);
    });
    return this.withQuitPassword(sessionId, status);
  }

  /** Reads the session holding its row, so a violation recorded meanwhile cannot slip past the score. */
  private async lock(uow: UnitOfWork, sessionId: string): Promise<SessionRow> {
    return this.load(uow.repositories.sessions.lockById(sessionId));
  }

  private async loadOpen(uow: UnitOfWork, sessionId: string, what: string): Promise<SessionRow> {
    const session = await this.load(uow.repositories.sessions.findById(sessionId));
    if (isTerminal(session.state)) throw invalidState(`Cannot ${what} for ${describeState(session)}`);
    return session;
  }

  private async load(pending: Promise<SessionRow | undefined>): Promise<SessionRow> {
    const session = await pending;
    if (!session) throw notFound('Session');
    return session;
  }
}

/**
 * Whether something the client dates at `occurredAt` (absent: now) comes after an ended session's
 * end, beyond the clock tolerance. Such things are refused: after the end a session key adds nothing.
 */
export function startedAfterTheEnd(session: SessionRow, occurredAt: string | undefined): boolean {
  if (!isTerminal(session.state) || !session.ended_at) return false;
  if (occurredAt === undefined) return true;
  return Date.parse(occurredAt) > addMs(new Date(session.ended_at), LATE_INCIDENT_TOLERANCE_MS).getTime();
}

function refuseIncidentsAfterTheEnd(session: SessionRow, incidents: readonly ParsedClientIncident[]): void {
  const late = incidents.filter((incident) => startedAfterTheEnd(session, incident.occurredAt));
  if (late.length === 0) return;
  throw invalidState(
    `Cannot add incidents to ${describeState(session)}: ${late.length} of them happened after its end (${session.ended_at})`,
  );
}
