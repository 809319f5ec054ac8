/**
 * What the service does when a violation (shared/incidents.ts isViolation) is recorded, inside the
 * recording transaction: recompute the auth score, stop the session when a severity's count reached
 * the policy's autoStop threshold, and otherwise void a pending or granted approval. `subscribeTo`
 * hooks it onto the incident service's `recorded`, and onto the identity service's `checked` to
 * recompute the score after an identity check passes.
 */
import { costOf } from '../../shared/auth-score';
import { VIOLATION_INCIDENT_TYPES, isViolation } from '../../shared/incidents';
import { canTransition, type SessionState } from '../../shared/session-states';
import type { IncidentRow, SessionRow } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import { policyOf } from '../presenters/api-presenters';
import type { AuthScoreService } from './auth-score-service';
import { decideAutoStop } from './auto-stop-rule';
import type { IdentityService } from './identity-service';
import type { IncidentRecordedEvent, IncidentService } from './incident-service';
import type { SessionLifecycle } from './session-lifecycle';

const WAITING_REASON: Partial<Record<SessionState, string>> = {
  approval_requested: 'while waiting for approval',
  approved: 'after approval, before the start',
};

export class ViolationRules {
  constructor(
    private readonly lifecycle: SessionLifecycle,
    private readonly scores: AuthScoreService,
  ) {}

  /** Runs inside the transaction of every incident and identity check from now on. */
  subscribeTo(incidents: IncidentService, identity: IdentityService): void {
    incidents.recorded.subscribe((event) => this.onIncidentRecorded(event));
    identity.checked.subscribe(({ uow, sessionId, passed }) =>
      passed ? this.onIdentityChecked(uow, sessionId) : Promise.resolve(),
    );
  }

  private async onIncidentRecorded({ uow, incident }: IncidentRecordedEvent): Promise<void> {
    const type = incident.type;
    if (isViolation(type)) {
      await this.apply(uow, incident);
    } else if (costOf(type)) {
      // Costed but not the candidate's doing for certain (DISCONNECTED): it moves the score, never the state.
      const locked = await uow.repositories.sessions.lockById(incident.session_id);
      if (locked) await this.scores.refresh(uow, locked, await this.policy(uow, locked), incident);
    }
  }

  /** A passed identity check raises the identity part of a score already running. */
  private async onIdentityChecked(uow: UnitOfWork, sessionId: string): Promise<void> {
    const session = await uow.repositories.sessions.lockById(sessionId);
    if (!session || session.auth_score === null) return;
    await this.scores.refresh(uow, session, await this.policy(uow, session));
  }

  private async apply(uow: UnitOfWork, cause: IncidentRow): Promise<void> {
    // The caller's copy may be stale (another hook, another request): read it again under the lock.
    const locked = await uow.repositories.sessions.lockById(cause.session_id);
    if (!locked) return;
    const policy = await this.policy(uow, locked);
    const session = await this.scores.refresh(uow, locked, policy, cause);
    const state = session.state;

    if (canTransition('stopAutomatically', state)) {
      const violations = await uow.repositories.incidents.countByTypeAndSeverity(session.id, VIOLATION_INCIDENT_TYPES);
      const stop = decideAutoStop(violations, policy.autoStop);
      if (stop) {
        const final = await this.scores.final(uow, session, policy, 'stopped');
        await this.lifecycle.transition(uow, session, 'stopAutomatically', {
          source: 'service',
          reason: stop.reason,
          patch: final.patch,
          additionalData: final.additionalData,
          recordingOffsetMs: cause.recording_offset_ms,
          occurredAt: cause.occurred_at,
          details: {
            autoStop: { severity: stop.severity, count: stop.count, threshold: stop.threshold, types: stop.types },
            causeIncidentId: cause.id,
            causeType: cause.type,
          },
        });
        return;
      }
    }

    if (canTransition('revertApproval', state)) {
      await this.lifecycle.transition(uow, session, 'revertApproval', {
        source: 'service',
        reason: `${cause.type} ${WAITING_REASON[state] ?? ''}: the approval is void, request it again`,
        recordingOffsetMs: cause.recording_offset_ms,
        occurredAt: cause.occurred_at,
        details: { causeIncidentId: cause.id, causeType: cause.type },
      });
    }
  }

  private async policy(uow: UnitOfWork, session: SessionRow) {
    const exam = await uow.repositories.exams.findById(session.exam_id);
    if (!exam) throw new Error(`Session ${session.id} has no exam`);
    return policyOf(exam);
  }
}
