/**
 * One debounced episode of a condition seen frame by frame (no face, several faces, a face that
 * is not the candidate's): it begins only after the condition has held for `onsetMs`, and ends only
 * after it has been false for `releaseMs`, so a missed detection or a single stray frame neither
 * opens nor closes an episode. Pure: the caller supplies every timestamp.
 */
export interface EpisodeTiming {
  /** The condition must hold this long before the episode counts. */
  onsetMs: number;
  /** The condition must be gone this long before the episode is over. */
  releaseMs: number;
}

export type EpisodeChange =
  | { kind: 'began'; startedAt: number }
  | { kind: 'ended'; startedAt: number; endedAt: number; durationMs: number }
  | null;

export class EpisodeTracker {
  /** When the condition was first seen true in the current run of true frames (not yet an episode). */
  private candidateSince: number | null = null;
  /** The active episode's start (the first frame of the run that opened it). */
  private activeSince: number | null = null;
  /** When the condition was first seen false while an episode is active. */
  private clearSince: number | null = null;

  constructor(private readonly timing: EpisodeTiming) {}

  get active(): boolean {
    return this.activeSince !== null;
  }

  get startedAt(): number | null {
    return this.activeSince;
  }

  /** How long the active episode has lasted at `now` (0 when none). */
  durationAt(now: number): number {
    return this.activeSince === null ? 0 : now - this.activeSince;
  }

  observe(condition: boolean, now: number): EpisodeChange {
    if (this.activeSince === null) {
      if (!condition) {
        // A run is forgotten only once the condition has been gone for the release time: one stray
        // frame (a face detected for an instant while the candidate is away) does not restart the count.
        if (this.candidateSince !== null) {
          this.clearSince ??= now;
          if (now - this.clearSince >= this.timing.releaseMs) {
            this.candidateSince = null;
            this.clearSince = null;
          }
        }
        return null;
      }
      if (this.clearSince !== null && now - this.clearSince >= this.timing.releaseMs) this.candidateSince = null;
      this.clearSince = null;
      this.candidateSince ??= now;
      if (now - this.candidateSince < this.timing.onsetMs) return null;
      this.activeSince = this.candidateSince;
      this.candidateSince = null;
      this.clearSince = null;
      return { kind: 'began', startedAt: this.activeSince };
    }
    if (condition) {
      this.clearSince = null;
      return null;
    }
    this.clearSince ??= now;
    if (now - this.clearSince < this.timing.releaseMs) return null;
    const startedAt = this.activeSince;
    // The episode ended when the condition stopped, not when we became sure of it.
    const endedAt = this.clearSince;
    this.activeSince = null;
    this.clearSince = null;
    return { kind: 'ended', startedAt, endedAt, durationMs: endedAt - startedAt };
  }

  reset(): void {
    this.candidateSince = null;
    this.activeSince = null;
    this.clearSince = null;
  }
}
