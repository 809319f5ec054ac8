/**
 * The auth score on the service: computed with shared/auth-score.ts from what this service
 * recorded (incidents, identity checks), stored in sessions.auth_score, pushed to the client's
 * event stream and, when it changes, recorded as AUTH_SCORE_CHANGED (so webhooks get it once per
 * change, never per incident). The score exists from the start of the exam (null before); an ending
 * session gets its final score and review flag here. A preview session (the client's unverified
 * claim to be the browser preview) is capped at the policy's previewScoreCap and always flagged.
 */
import {
  COSTED_INCIDENT_TYPES,
  computeAuthScore,
  isBelowTrustThreshold,
  type AuthScoreBreakdown,
} from '../../shared/auth-score';
import type { ExamPolicy } from '../../shared/policy';
import type { IdentityCheckRow, IncidentRow, SessionRow, SessionUpdate } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import type { SessionEventBus } from '../events/session-event-bus';
import type { IncidentService } from './incident-service';

export interface FinalAuthScore {
  breakdown: AuthScoreBreakdown;
  flaggedForReview: boolean;
  /** The columns to write with the final state. */
  patch: SessionUpdate;
  /** For the final incident's webhook. */
  additionalData: Record<string, unknown>;
}

/**
 * The service passed the check, the client did too, and the service accepted the liveness evidence
 * (identity-service's assessLiveness). A check without liveness verifies nobody: a matching face
 * could be a photo held to the camera. Rows stored before the service judged liveness itself
 * (no `verified`) count by their liveness `passed`.
 */
export function isPassedIdentityCheck(check: IdentityCheckRow): boolean {
  if (check.server_passed !== 1 || check.client_passed !== 1 || !check.liveness) return false;
  const liveness = JSON.parse(check.liveness) as { verified?: unknown; passed?: unknown };
  return liveness.verified === undefined ? liveness.passed === true : liveness.verified === true;
}

/** A preview session can never look trustworthy: its score is capped. */
function scoreCap(session: SessionRow, policy: ExamPolicy): number | undefined {
  return session.preview === 1 ? policy.previewScoreCap : undefined;
}

export class AuthScoreService {
  constructor(
    private readonly incidents: IncidentService,
    private readonly events: SessionEventBus,
  ) {}

  async compute(uow: UnitOfWork, session: SessionRow, policy: ExamPolicy): Promise<AuthScoreBreakdown> {
    const incidentCounts = await uow.repositories.incidents.countByType(session.id, COSTED_INCIDENT_TYPES);
    const checks = await uow.repositories.identity.listChecks(session.id);
    return computeAuthScore({
      incidentCounts,
      identityVerified: checks.some(isPassedIdentityCheck),
      cap: scoreCap(session, policy),
    });
  }

  /**
   * Recomputes the score of a session that has one. When it changed: stores it, records
   * AUTH_SCORE_CHANGED at the time (and recording offset) of the incident that caused it, pushes it,
   * and flags a finished session that fell below the trust threshold (late incidents from an
   * offline queue can do that). The caller holds the session's row lock.
   */
  async refresh(uow: UnitOfWork, session: SessionRow, policy: ExamPolicy, cause?: IncidentRow): Promise<SessionRow> {
    if (session.auth_score === null) return session;
    const breakdown = await this.compute(uow, session, policy);
    if (breakdown.authScore === session.auth_score) return session;
    const flag =
      session.state === 'finished' &&
      (session.preview === 1 ||
        (policy.flagsEnabled && isBelowTrustThreshold(breakdown.authScore, policy.trustThreshold)));
    const updated =
      (await uow.repositories.sessions.update(session.id, {
        auth_score: breakdown.authScore,
        ...(flag ? { flagged_for_review: 1 } : {}),
      })) ?? session;
    await this.incidents.record(uow, {
      session: updated,
      type: 'AUTH_SCORE_CHANGED',
      source: 'service',
      ...(cause ? { occurredAt: cause.occurred_at, recordingOffsetMs: cause.recording_offset_ms } : {}),
      details: {
        authScore: breakdown.authScore,
        previousAuthScore: session.auth_score,
        parts: breakdown.parts,
        ...(cause ? { causeIncidentId: cause.id, causeType: cause.type } : {}),
      },
      additionalData: { authScore: breakdown.authScore, flaggedForReview: updated.flagged_for_review === 1 },
    });
    await this.events.publish(uow, session.id, { type: 'auth-score', authScore: breakdown.authScore });
    return updated;
  }

  /** The score at the start of the exam: stored with the move to `started` and pushed. */
  async initial(uow: UnitOfWork, session: SessionRow, policy: ExamPolicy): Promise<FinalAuthScore> {
    const breakdown = await this.compute(uow, session, policy);
    await this.events.publish(uow, session.id, { type: 'auth-score', authScore: breakdown.authScore });
    return {
      breakdown,
      flaggedForReview: session.preview === 1,
      patch: { auth_score: breakdown.authScore },
      additionalData: { authScore: breakdown.authScore, authScoreParts: breakdown.parts, ...capOf(session, policy) },
    };
  }

  /**
   * The final score of a session about to finish or stop, and whether it needs a human look: a
   * finished session below the policy's trustThreshold, and every session stopped automatically
   * (both only with `flagsEnabled`), and every preview session (always). Pushed before the final
   * state, which ends the client's stream.
   */
  async final(
    uow: UnitOfWork,
    session: SessionRow,
    policy: ExamPolicy,
    ending: 'finished' | 'stopped',
  ): Promise<FinalAuthScore> {
    const breakdown = await this.compute(uow, session, policy);
    const flaggedForReview =
      session.preview === 1 ||
      (policy.flagsEnabled &&
        (ending === 'stopped' || isBelowTrustThreshold(breakdown.authScore, policy.trustThreshold)));
    if (breakdown.authScore !== session.auth_score) {
      await this.events.publish(uow, session.id, { type: 'auth-score', authScore: breakdown.authScore });
    }
    return {
      breakdown,
      flaggedForReview,
      patch: { auth_score: breakdown.authScore, flagged_for_review: flaggedForReview ? 1 : 0 },
      additionalData: {
        authScore: breakdown.authScore,
        authScoreParts: breakdown.parts,
        flaggedForReview,
        ...capOf(session, policy),
      },
    };
  }
}

/** Tells a webhook receiver why a preview's score is not the sum of its parts. */
function capOf(session: SessionRow, policy: ExamPolicy): { authScoreCap?: number } {
  const cap = scoreCap(session, policy);
  return cap === undefined ? {} : { authScoreCap: cap };
}
