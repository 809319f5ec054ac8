/**
 * Moves a session through the one transition table in shared/session-states.ts. A move the table
 * does not allow is a 409; each move records its incident in the same transaction.
 */
import type { IncidentType } from '../../shared/incidents';
import type { SessionEventBus } from '../events/session-event-bus';
import {
  SESSION_TRANSITIONS,
  TERMINAL_STATES,
  canTransition,
  type SessionAction,
  type SessionState,
} from '../../shared/session-states';
import type { IncidentSource, SessionRow, SessionUpdate } from '../db/schema';
import type { UnitOfWork } from '../db/unit-of-work';
import { invalidState } from '../lib/http-error';
import { isoTime, type Clock } from '../lib/time';
import type { IncidentService } from './incident-service';

export interface TransitionOptions {
  source: IncidentSource;
  reason?: string | undefined;
  details?: Record<string, unknown>;
  /** Record this incident instead of the table's (a first identity step records IDENTITY_CHECK_STEP_CHANGED). */
  incidentType?: IncidentType;
  /** Further columns written with the state (the final auth score, the review flag). */
  patch?: SessionUpdate;
  /** Added to the incident's webhook `additionalData` (the auth score on start, finish and stop). */
  additionalData?: Record<string, unknown>;
  /** Where in the recording the cause of the move happened (an incident's offset, the last heartbeat's). */
  recordingOffsetMs?: number | null;
  /** When the cause happened, for a move an incident caused (else now). */
  occurredAt?: string;
}

/** What the client's event stream says when a move has no reason of its own. */
const DEFAULT_REASONS: Record<SessionAction, string> = {
  beginChecks: 'The checks began',
  requestApproval: 'Waiting for approval',
  approve: 'Approved by the institution',
  revertApproval: 'The approval was revoked',
  start: 'The exam started',
  finish: 'The exam was handed in',
  stopAutomatically: 'Stopped automatically',
  dismiss: 'Dismissed by the institution',
  close: 'Closed by the institution',
  closeAutomatically: 'Closed automatically',
};

export function isTerminal(state: SessionState): boolean {
  return TERMINAL_STATES.includes(state);
}

export class SessionLifecycle {
  constructor(
    private readonly incidents: IncidentService,
    private readonly clock: Clock,
    private readonly events: SessionEventBus,
  ) {}

  async transition(
    uow: UnitOfWork,
    session: SessionRow,
    action: SessionAction,
    options: TransitionOptions,
  ): Promise<SessionRow> {
    const transition = SESSION_TRANSITIONS[action];
    const from = session.state;
    if (!canTransition(action, from)) throw invalidState(`Cannot ${describe(action)} ${describeState(session)}`);
    const now = isoTime(this.clock());
    const reason = options.reason ?? DEFAULT_REASONS[action];
    const patch: SessionUpdate = { ...options.patch, state: transition.to };
    if (transition.to === 'started') patch.started_at = now;
    if (transition.to === 'approval_requested') {
      // The sweeper's SESSION_WAITING_DETECTED counts each wait from here, once.
      patch.approval_requested_at = now;
      patch.waiting_alerted_at = null;
    }
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
      details: { from, to: transition.to, reason, ...options.details },
      ...(options.additionalData ? { additionalData: options.additionalData } : {}),
      recordingOffsetMs: options.recordingOffsetMs ?? null,
      ...(options.occurredAt ? { occurredAt: options.occurredAt } : {}),
    });
    await this.events.publish(uow, updated.id, { type: 'state', state: transition.to, reason });
    return updated;
  }
}

/** "a session that is checks", or for an ended one why it ended, so a refused client can tell the candidate. */
export function describeState(session: Pick<SessionRow, 'state' | 'stop_reason'>): string {
  const state = session.state.replace(/_/g, ' ');
  if (!isTerminal(session.state)) return `a session that is ${state}`;
  const how = session.state === 'stopped' ? 'stopped automatically' : state;
  return `the session: it was ${how}${session.stop_reason ? ` (${session.stop_reason})` : ''}`;
}

function describe(action: SessionAction): string {
  return action.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
