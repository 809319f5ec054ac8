/** The candidate session's states and the one table of transitions both ends obey. */
import { z } from 'zod';
import type { IncidentType } from './incidents';

export const SESSION_STATES = [
  'joined',
  'checks',
  'approval_requested',
  'approved',
  'started',
  'finished',
  'dismissed',
  'stopped',
  'closed',
  'closed_automatically',
] as const;
export const sessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const TERMINAL_STATES: readonly SessionState[] = [
  'finished',
  'dismissed',
  'stopped',
  'closed',
  'closed_automatically',
];

export interface SessionTransition {
  from: readonly SessionState[];
  to: SessionState;
  incident: IncidentType;
}

const OPEN: readonly SessionState[] = ['joined', 'checks', 'approval_requested', 'approved', 'started'];

export const SESSION_TRANSITIONS = {
  /** The first check step reported. */
  beginChecks: { from: ['joined'], to: 'checks', incident: 'SYSTEM_CHECK_STEP_CHANGED' },
  requestApproval: { from: ['joined', 'checks'], to: 'approval_requested', incident: 'SESSION_APPROVAL_REQUESTED' },
  approve: { from: ['approval_requested'], to: 'approved', incident: 'SESSION_APPROVED' },
  /** A lockdown violation while waiting voids the approval: the candidate must request it again. */
  revertApproval: { from: ['approval_requested', 'approved'], to: 'checks', incident: 'SESSION_APPROVAL_REVERTED' },
  start: { from: ['approved'], to: 'started', incident: 'SESSION_STARTED' },
  finish: { from: ['started'], to: 'finished', incident: 'SESSION_FINISHED' },
  stopAutomatically: {
    from: ['started', 'approved', 'approval_requested', 'checks'],
    to: 'stopped',
    incident: 'SESSION_STOPPED_AUTOMATICALLY',
  },
  dismiss: { from: OPEN, to: 'dismissed', incident: 'SESSION_DISMISSED' },
  close: { from: [...OPEN, 'finished', 'stopped'], to: 'closed', incident: 'SESSION_CLOSED' },
  closeAutomatically: { from: OPEN, to: 'closed_automatically', incident: 'SESSION_CLOSED_AUTOMATICALLY' },
} as const satisfies Record<string, SessionTransition>;

export type SessionAction = keyof typeof SESSION_TRANSITIONS;

export function canTransition(action: SessionAction, from: SessionState): boolean {
  return (SESSION_TRANSITIONS[action].from as readonly SessionState[]).includes(from);
}

/** A session with no heartbeat for this long is closed automatically. */
export const HEARTBEAT_TIMEOUT_MS = 60 * 60 * 1000;
export const HEARTBEAT_INTERVAL_MS = 15_000;
