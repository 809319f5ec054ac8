/**
 * The one backoff schedule of the project: retry `n` (0 for the first) waits `baseMs × factorⁿ`,
 * capped at `maxMs`, optionally jittered. Pure: the random source is a parameter, so a schedule is
 * testable to the millisecond. Runs anywhere (client main, renderer, service).
 */

/**
 * How the delay is spread so that many clients coming back after the same outage do not retry in step:
 * `none` waits the capped delay exactly; `full` waits anywhere in [0, delay]; `equal` waits half the
 * delay plus a random share of the other half, so never less than half.
 */
export type BackoffJitter = 'none' | 'full' | 'equal';

export interface BackoffPolicy {
  /** The first retry's delay (before jitter). */
  baseMs: number;
  /** No delay grows past this (before jitter). */
  maxMs: number;
  /** Growth from one retry to the next; 2 (the default) doubles. */
  factor?: number;
  /** Default `none`. */
  jitter?: BackoffJitter;
  /** A floor under the jittered delay (default 0). */
  minMs?: number;
}

/** The wait before retry number `retry` (0 for the first; anything lower counts as 0). */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { baseMs, maxMs, factor = 2, jitter = 'none', minMs = 0 } = policy;
  const exponent = Math.max(0, retry);
  // baseMs × factorⁿ overflows to Infinity for a long outage, which the cap absorbs; 0 × Infinity would not.
  const capped = baseMs === 0 ? 0 : Math.min(maxMs, baseMs * factor ** exponent);
  return Math.max(minMs, jittered(capped, jitter, random));
}

function jittered(delay: number, jitter: BackoffJitter, random: () => number): number {
  switch (jitter) {
    case 'none':
      return delay;
    case 'full':
      return Math.round(delay * random());
    case 'equal':
      return Math.round(delay / 2 + (random() * delay) / 2);
  }
}
