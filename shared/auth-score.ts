/**
 * The auth score (0–100): how far the service trusts that the enrolled candidate sat the exam
 * alone and by the rules. Three parts, each starting full and losing a fixed number of points per
 * recorded incident, each floored at 0:
 *
 *   identity  50  the service verified the face (a passed identity check), no IDENTITY_MISMATCH
 *   presence  20  the candidate stayed in front of the camera, alone
 *   behaviour 30  no focus loss (which includes leaving full screen), no blocked shortcuts, …
 *
 * Pure and integer-valued, so an institution can predict a score exactly from the incident list
 * (GET /v1/sessions/:id/incidents) and this table; docs/service.md prints it.
 */
import type { IncidentType } from './incidents';

export const AUTH_SCORE_PARTS = ['identity', 'presence', 'behaviour'] as const;
export type AuthScorePart = (typeof AUTH_SCORE_PARTS)[number];

/** Points each part is worth; they add up to 100. */
export const AUTH_SCORE_WEIGHTS = { identity: 50, presence: 20, behaviour: 30 } as const satisfies Record<
  AuthScorePart,
  number
>;

export interface AuthScoreCost {
  part: AuthScorePart;
  /** Points the part loses for each incident of the type. */
  points: number;
}

/** What each incident costs. Types not listed (progress, connectivity, info) cost nothing. */
export const AUTH_SCORE_COSTS = {
  IDENTITY_MISMATCH: { part: 'identity', points: 50 },
  FACE_ABSENT: { part: 'presence', points: 2 },
  FACE_ABSENT_LONG: { part: 'presence', points: 10 },
  MULTIPLE_FACES: { part: 'presence', points: 5 },
  CAMERA_STOPPED: { part: 'presence', points: 10 },
  AUDIO_STOPPED: { part: 'presence', points: 5 },
  FOCUS_LOST: { part: 'behaviour', points: 5 },
  BLOCKED_SHORTCUT: { part: 'behaviour', points: 2 },
  CLIPBOARD_BLOCKED: { part: 'behaviour', points: 2 },
  DEVTOOLS_ATTEMPT: { part: 'behaviour', points: 10 },
  DISPLAY_ADDED: { part: 'behaviour', points: 15 },
  PROHIBITED_PROCESS: { part: 'behaviour', points: 15 },
  SCREENSHARE_STOPPED: { part: 'behaviour', points: 10 },
  VIRTUAL_MACHINE: { part: 'behaviour', points: 30 },
  /** The service lost the started session's heartbeats (the candidate was out of its sight). */
  DISCONNECTED: { part: 'presence', points: 5 },
} as const satisfies Partial<Record<IncidentType, AuthScoreCost>>;

export type CostedIncidentType = keyof typeof AUTH_SCORE_COSTS;
export const COSTED_INCIDENT_TYPES = Object.keys(AUTH_SCORE_COSTS) as CostedIncidentType[];

/** Without a passed identity check the service has verified nobody: the identity part is 0. */
export const UNVERIFIED_IDENTITY_COST: AuthScoreCost = { part: 'identity', points: AUTH_SCORE_WEIGHTS.identity };

export type IncidentTypeCounts = Partial<Record<IncidentType, number>>;

export interface AuthScoreInput {
  /** How many incidents of each type the session has (see countIncidentTypes). */
  incidentCounts: IncidentTypeCounts;
  /** The service passed at least one identity check of this session (its own recomputation agreed). */
  identityVerified: boolean;
  /** The score never exceeds this (the policy's previewScoreCap for a preview session). */
  cap?: number | undefined;
}

export interface AuthScoreBreakdown {
  authScore: number;
  parts: Record<AuthScorePart, number>;
  /** Points each part lost before the floor at 0 (can exceed the part's weight). */
  lost: Record<AuthScorePart, number>;
}

export function costOf(type: IncidentType): AuthScoreCost | undefined {
  return (AUTH_SCORE_COSTS as Partial<Record<IncidentType, AuthScoreCost>>)[type];
}

export function computeAuthScore(input: AuthScoreInput): AuthScoreBreakdown {
  const lost: Record<AuthScorePart, number> = { identity: 0, presence: 0, behaviour: 0 };
  if (!input.identityVerified) lost.identity += UNVERIFIED_IDENTITY_COST.points;
  for (const [type, count] of Object.entries(input.incidentCounts) as Array<[IncidentType, number | undefined]>) {
    const cost = costOf(type);
    if (cost && count && count > 0) lost[cost.part] += cost.points * count;
  }
  const parts = {
    identity: Math.max(0, AUTH_SCORE_WEIGHTS.identity - lost.identity),
    presence: Math.max(0, AUTH_SCORE_WEIGHTS.presence - lost.presence),
    behaviour: Math.max(0, AUTH_SCORE_WEIGHTS.behaviour - lost.behaviour),
  };
  const sum = parts.identity + parts.presence + parts.behaviour;
  return { authScore: input.cap === undefined ? sum : Math.min(sum, input.cap), parts, lost };
}

export function countIncidentTypes(incidents: Iterable<{ type: IncidentType }>): IncidentTypeCounts {
  const counts: IncidentTypeCounts = {};
  for (const { type } of incidents) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** A finished session below the policy's trustThreshold (0–1) is flagged for review. */
export function isBelowTrustThreshold(authScore: number, trustThreshold: number): boolean {
  return authScore / 100 < trustThreshold;
}
