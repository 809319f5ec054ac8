/** What a candidate's client does with its session key: report steps and incidents, move through the states, stay alive. */
import type { z } from 'zod';
import type {
  ClientSession,
  SessionStatusResponse,
  clientIncidentSchema,
  stepReportSchema,
} from '../../shared/api/client';
import type { IncidentType } from '../../shared/incidents';
import type { SessionState } from '../../shared/session-states';
import type { SessionRow } from '../db/schema';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work';
import { invalidState, notFound } from '../lib/http-error';
import { isoTime, type Clock } from '../lib/time';
import { endsAt, policyOf, presentCandidate, presentLaunchExam } from '../presenters/api-presenters';
import type { IncidentService } from './incident-service';
import { isTerminal, type SessionLifecycle } from './session-lifecycle';

export type ParsedStepReport = z.output<typeof stepReportSchema>;
export type ParsedClientIncident = z.output<typeof clientIncidentSchema>;

export interface IncidentBatchResult {
  accepted: number;
  duplicates: number;
  state: SessionState;
  authScore: number | null;
}

export class ClientSessionService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly lifecycle: SessionLifecycle,
    private readonly incidents: IncidentService,
    private readonly clock: Clock,
  ) {}

  status(session: SessionRow, now: Date = this.clock()): SessionStatusResponse {
    return {
      state: session.state as SessionState,
      authScore: session.auth_score,
      stopReason: session.stop_reason,
      serverTime: isoTime(now),
    };
  }

  async describe(sessionId: string): Promise<ClientSession> {
    return this.transaction(async ({ repositories }) => {
      const session = await this.load(repositories.sessions.findById(sessionId));
      const exam = await repositories.exams.findById(session.exam_id);
      if (!exam) throw notFound('Exam');
      const faces = await repositories.identity.findFaces(session.id);
      return {
        sessionId: session.id,
        state: session.state as SessionState,
        authScore: session.auth_score,
        exam: presentLaunchExam(exam),
        policy: policyOf(exam),
        candidate: presentCandidate(session, Boolean(faces?.reference_photo)),
        enrolled: Boolean(faces?.enrolment_embedding),
        startedAt: session.started_at,
        endsAt: endsAt(session, exam),
        stopReason: session.stop_reason,
        serverTime: isoTime(this.clock()),
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
        return this.status(moved);
      }
      await this.incidents.record(uow, { session, type: incidentType, source: 'client', details });
      return this.status(session);
    });
  }

  /** Stores each incident once (by clientId), whatever the state: a queued incident may arrive after the end. */
  async recordIncidents(sessionId: string, incidents: ParsedClientIncident[]): Promise<IncidentBatchResult> {
    return this.transaction(async (uow) => {
      const session = await this.load(uow.repositories.sessions.findById(sessionId));
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
      return { accepted, duplicates, state: current.state as SessionState, authScore: current.auth_score };
    });
  }

  /** Requests approval; with `autoApprove` in the policy the service approves in the same transaction. */
  async requestApproval(sessionId: string): Promise<SessionStatusResponse> {
    return this.transaction(async (uow) => {
      const session = await this.load(uow.repositories.sessions.findById(sessionId));
      let moved = await this.lifecycle.transition(uow, session, 'requestApproval', { source: 'client' });
      const exam = await uow.repositories.exams.findById(session.exam_id);
      if (exam && policyOf(exam).autoApprove) {
        moved = await this.lifecycle.transition(uow, moved, 'approve', {
          source: 'service',
          details: { automatic: true },
        });
      }
      return this.status(moved);
    });
  }

  async start(sessionId: string): Promise<SessionStatusResponse> {
    return this.move(sessionId, 'start');
  }

  async finish(sessionId: string): Promise<SessionStatusResponse> {
    return this.move(sessionId, 'finish');
  }

  /** Keeps the session open; in a terminal state it just reports the state, so the client learns of a stop. */
  async heartbeat(sessionId: string, recordingOffsetMs: number | undefined): Promise<SessionStatusResponse> {
    return this.transaction(async ({ repositories }) => {
      const session = await this.load(repositories.sessions.findById(sessionId));
      const now = this.clock();
      if (isTerminal(session.state)) return this.status(session, now);
      const updated = await repositories.sessions.update(session.id, {
        last_heartbeat_at: isoTime(now),
        ...(recordingOffsetMs === undefined ? {} : { last_recording_offset_ms: recordingOffsetMs }),
      });
      return this.status(updated ?? session, now);
    });
  }

  private async move(sessionId: string, action: 'start' | 'finish'): Promise<SessionStatusResponse> {
    return this.transaction(async (uow) => {
      const session = await this.load(uow.repositories.sessions.findById(sessionId));
      return this.status(await this.lifecycle.transition(uow, session, action, { source: 'client' }));
    });
  }

  private async loadOpen(uow: UnitOfWork, sessionId: string, what: string): Promise<SessionRow> {
    const session = await this.load(uow.repositories.sessions.findById(sessionId));
    if (isTerminal(session.state))
      throw invalidState(`Cannot ${what}: the session is ${session.state.replace(/_/g, ' ')}`);
    return session;
  }

  private async load(pending: Promise<SessionRow | undefined>): Promise<SessionRow> {
    const session = await pending;
    if (!session) throw notFound('Session');
    return session;
  }
}
