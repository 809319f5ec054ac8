/**
 * Moves a session through the one transition table in shared/session-states.ts. A move the table
 * does not allow is a 409; each move records its incident in the same transaction.
 */
import type { IncidentType } from '../../shared/incidents';
import {
  SESSION_TRANSITIONS,
  TERMINAL_STATES,
  canTransition,
  type SessionAction,
  type SessionState,
} from '../../shared/session-states';
import type { SessionRow, SessionUpdate } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import { invalidState } from '../lib/http-error';
import { isoTime, type Clock } from '../lib/time';
import type { IncidentService, IncidentSource } from './incident-service';

export interface TransitionOptions {
  source: IncidentSource;
  reason?: string | undefined;
  details?: Record<string, unknown>;
  /** Record this incident instead of the table's (a first identity step records IDENTITY_CHECK_STEP_CHANGED). */
  incidentType?: IncidentType;
}

export function isTerminal(state: string): boolean {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

export class SessionLifecycle {
  constructor(
    private readonly incidents: IncidentService,
    private readonly clock: Clock,
  ) {}

  async transition(
    uow: UnitOfWork,
    session: SessionRow,
    action: SessionAction,
    options: TransitionOptions,
  ): Promise<SessionRow> {
    const transition = SESSION_TRANSITIONS[action];
    const from = session.state as SessionState;
    if (!canTransition(action, from)) {
      throw invalidState(`Cannot ${describe(action)} a session that is ${from.replace(/_/g, ' ')}`);
    }
    const now = isoTime(this.clock());
    const patch: SessionUpdate = { state: transition.to };
    if (transition.to === 'started') patch.started_at = now;
    if (isTerminal(transition.to)) {
      patch.ended_at = now;
      patch.stop_reason = options.reason ?? null;
    }
    const updated = await uow.repositories.sessions.updateIfState(session.id, [from], patch);
    if (!updated) {
      // Another request moved the session between our read and this write.
      throw invalidState(`The session changed state during ${describe(action)}; read it again`);
    }
    await this.incidents.record(uow, {
      session: updated,
      type: options.incidentType ?? transition.incident,
      source: options.source,
      details: { from, to: transition.to, ...(options.reason ? { reason: options.reason } : {}), ...options.details },
    });
    return updated;
  }
}

function describe(action: SessionAction): string {
  return action.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
