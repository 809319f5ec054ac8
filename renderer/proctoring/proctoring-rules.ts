/**
 * What the proctoring loop's observations mean, as incidents: pure and clock-free (every call gets
 * `now`), so each rule is unit-tested without a camera.
 *
 * - Absence: a face missing for less than `faceAbsentBriefSeconds` is a glance away and costs
 *   nothing; longer is FACE_ABSENT (low), reported when the face is back; reaching
 *   `faceAbsentLongSeconds` makes it FACE_ABSENT_LONG (high), reported at once. One episode, one incident.
 * - Several faces (counted above the worker's box-score floor) for a second: MULTIPLE_FACES (medium), once per episode.
 * - The face not matching the enrolment on `identityMismatchesInRow` identity checks in a row:
 *   IDENTITY_MISMATCH (critical), once per episode; checks without exactly one face do not count.
 * Every incident carries the episode's start, so the reviewer jumps to where it began.
 */
import type { ExamPolicy } from '../../shared/policy';
import { EpisodeTracker } from './episode-tracker';

export type ProctoringIncidentType = 'FACE_ABSENT' | 'FACE_ABSENT_LONG' | 'MULTIPLE_FACES' | 'IDENTITY_MISMATCH';

export interface ProctoringIncident {
  type: ProctoringIncidentType;
  /** When the episode began (the caller's clock, ms). */
  startedAt: number;
  details: Record<string, number | string>;
}

export interface ProctoringThresholds {
  faceAbsentBriefMs: number;
  faceAbsentLongMs: number;
  /** Several faces must be seen this long before it counts (a reflection or a passer-by for a frame does not). */
  multipleFacesOnsetMs: number;
  /** A condition must be gone this long before its episode is over. */
  releaseMs: number;
  faceMatchThreshold: number;
  identityMismatchesInRow: number;
}

export function proctoringThresholds(policy: ExamPolicy): ProctoringThresholds {
  return {
    faceAbsentBriefMs: policy.faceAbsentBriefSeconds * 1000,
    // A policy whose "long" is shorter than its "brief" still escalates, just at the brief mark.
    faceAbsentLongMs: Math.max(policy.faceAbsentLongSeconds, policy.faceAbsentBriefSeconds) * 1000,
    multipleFacesOnsetMs: 1000,
    releaseMs: 1000,
    faceMatchThreshold: policy.faceMatchThreshold,
    identityMismatchesInRow: 2,
  };
}

export type PresenceDisplay = 'starting' | 'ok' | 'absent' | 'multiple';
export type IdentityDisplay = 'unknown' | 'match' | 'mismatch';

export class ProctoringRules {
  private readonly absence: EpisodeTracker;
  private readonly crowd: EpisodeTracker;
  private absenceEscalated = false;
  private mostFaces = 0;
  private mismatchRun = 0;
  private lowestSimilarity = 1;
  private mismatchReported = false;
  private recentCounts: number[] = [];
  private identityValue: IdentityDisplay = 'unknown';

  constructor(private readonly thresholds: ProctoringThresholds) {
    this.absence = new EpisodeTracker({ onsetMs: thresholds.faceAbsentBriefMs, releaseMs: thresholds.releaseMs });
    this.crowd = new EpisodeTracker({ onsetMs: thresholds.multipleFacesOnsetMs, releaseMs: thresholds.releaseMs });
  }

  /** One presence check: how many faces the frame holds. */
  presence(faceCount: number, now: number): ProctoringIncident[] {
    const incidents: ProctoringIncident[] = [];
    this.recentCounts = [...this.recentCounts.slice(-1), faceCount];

    const absence = this.absence.observe(faceCount === 0, now);
    if (absence?.kind === 'began') this.absenceEscalated = false;
    if (
      this.absence.active &&
      !this.absenceEscalated &&
      this.absence.durationAt(now) >= this.thresholds.faceAbsentLongMs
    ) {
      this.absenceEscalated = true;
      incidents.push({
        type: 'FACE_ABSENT_LONG',
        startedAt: this.absence.startedAt ?? now,
        details: { absentForMs: Math.round(this.absence.durationAt(now)) },
      });
    }
    if (absence?.kind === 'ended' && !this.absenceEscalated) {
      incidents.push({
        type: 'FACE_ABSENT',
        startedAt: absence.startedAt,
        details: { absentForMs: Math.round(absence.durationMs) },
      });
    }

    if (faceCount > 1) this.mostFaces = Math.max(this.mostFaces, faceCount);
    const crowd = this.crowd.observe(faceCount > 1, now);
    if (crowd?.kind === 'began') {
      incidents.push({ type: 'MULTIPLE_FACES', startedAt: crowd.startedAt, details: { faces: this.mostFaces } });
    }
    if (crowd?.kind === 'ended') this.mostFaces = 0;
    return incidents;
  }

  /** One identity check: the live face's similarity to the enrolment, or null when the frame did not hold exactly one face. */
  identity(similarity: number | null, now: number): ProctoringIncident[] {
    if (similarity === null) return [];
    if (similarity >= this.thresholds.faceMatchThreshold) {
      this.mismatchRun = 0;
      this.lowestSimilarity = 1;
      this.mismatchReported = false;
      this.identityValue = 'match';
      return [];
    }
    this.mismatchRun += 1;
    this.lowestSimilarity = Math.min(this.lowestSimilarity, similarity);
    if (this.mismatchRun < this.thresholds.identityMismatchesInRow) return [];
    this.identityValue = 'mismatch';
    if (this.mismatchReported) return [];
    this.mismatchReported = true;
    return [
      {
        type: 'IDENTITY_MISMATCH',
        startedAt: now,
        details: {
          check: 'proctoring',
          similarity: Number(this.lowestSimilarity.toFixed(3)),
          threshold: this.thresholds.faceMatchThreshold,
          checksInRow: this.mismatchRun,
        },
      },
    ];
  }

  /** The exam ends: an absence still going on is reported as it stands. */
  flush(now: number): ProctoringIncident[] {
    if (!this.absence.active || this.absenceEscalated) return [];
    const startedAt = this.absence.startedAt ?? now;
    this.absence.reset();
    return [{ type: 'FACE_ABSENT', startedAt, details: { absentForMs: Math.round(now - startedAt), ongoing: 'yes' } }];
  }

  /** What the status bar shows: the last two frames agree, so one missed detection does not flash a warning. */
  get presenceDisplay(): PresenceDisplay {
    if (this.recentCounts.length === 0) return 'starting';
    if (this.recentCounts.every((count) => count === 0)) return 'absent';
    if (this.recentCounts.every((count) => count > 1)) return 'multiple';
    return 'ok';
  }

  get identityDisplay(): IdentityDisplay {
    return this.identityValue;
  }
}
