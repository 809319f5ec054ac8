/** The one backoff schedule: known values for each jitter style, then bounds, caps and jitter ranges for any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, type BackoffJitter, type BackoffPolicy } from '../../../shared/retry/backoff';

const retries = (count: number) => Array.from({ length: count }, (_, retry) => retry);

describe('backoff delay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const policy = { baseMs: 1_000, maxMs: 15_000 };
    expect(retries(7).map((retry) => backoffDelay(retry, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('grows by the given factor', () => {
    const policy = { baseMs: 100, maxMs: 10_000, factor: 3 };
    expect(retries(6).map((retry) => backoffDelay(retry, policy))).toEqual([100, 300, 900, 2_700, 8_100, 10_000]);
  });

  it('counts a retry below 0 as the first', () => {
    expect(backoffDelay(-1, { baseMs: 500, maxMs: 10_000 })).toBe(500);
  });

  it('stays at the cap however long the outage, and at 0 from a base of 0', () => {
    expect(backoffDelay(100_000, { baseMs: 500, maxMs: 30_000 })).toBe(30_000);
    expect(backoffDelay(100_000, { baseMs: 0, maxMs: 30_000 })).toBe(0);
  });

  it('full jitter waits anywhere from 0 up to the capped delay, never under the floor', () => {
    const policy: BackoffPolicy = { baseMs: 500, maxMs: 30_000, jitter: 'full' };
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(1_000);
    expect(backoffDelay(3, policy, () => 0.9999)).toBe(4_000);
    expect(backoffDelay(3, { ...policy, minMs: 250 }, () => 0)).toBe(250);
    expect(backoffDelay(3, { ...policy, minMs: 250 }, () => 0.5)).toBe(2_000);
  });

  it('equal jitter waits half the capped delay plus a random share of the other half', () => {
    const policy: BackoffPolicy = { baseMs: 300, maxMs: 5_000, jitter: 'equal' };
    expect(backoffDelay(0, policy, () => 0)).toBe(150);
    expect(backoffDelay(0, policy, () => 0.5)).toBe(225);
    expect(backoffDelay(2, policy, () => 0.9999)).toBe(1_200);
    expect(backoffDelay(10, policy, () => 0)).toBe(2_500);
  });

  it('draws no random number without jitter', () => {
    const random = () => {
      throw new Error('drew a random number');
    };
    expect(backoffDelay(2, { baseMs: 100, maxMs: 1_000 }, random)).toBe(400);
  });
});

describe('backoff delay, for any policy', () => {
  // Whole milliseconds and whole factors, so the capped delay is whole and rounding cannot cross it.
  const policies = fc.record({
    baseMs: fc.integer({ min: 0, max: 100_000 }),
    maxMs: fc.integer({ min: 0, max: 10_000_000 }),
    factor: fc.integer({ min: 1, max: 4 }),
    minMs: fc.integer({ min: 0, max: 1_000 }),
  });
  const jitters = fc.constantFrom<BackoffJitter>('none', 'full', 'equal');
  const retry = fc.integer({ min: -5, max: 2_000 });
  const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  const capped = (n: number, p: { baseMs: number; maxMs: number; factor: number }) =>
    p.baseMs === 0 ? 0 : Math.min(p.maxMs, p.baseMs * p.factor ** Math.max(0, n));

  it('is a whole, finite number of milliseconds within [floor, max(floor, cap)]', () => {
    fc.assert(
      fc.property(policies, jitters, retry, random, (policy, jitter, n, r) => {
        const delay = backoffDelay(n, { ...policy, jitter }, () => r);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(policy.minMs);
        expect(delay).toBeLessThanOrEqual(Math.max(policy.minMs, policy.maxMs));
      }),
    );
  });

  it('without jitter never shrinks from one retry to the next, and never passes the cap', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 2_000 }), (policy, n) => {
        const plain = { ...policy, minMs: 0 };
        const now = backoffDelay(n, plain);
        expect(backoffDelay(n + 1, plain)).toBeGreaterThanOrEqual(now);
        expect(now).toBe(capped(n, policy));
        expect(now).toBeLessThanOrEqual(policy.maxMs);
      }),
    );
  });

  it('jitters within its range: full in [0, cap], equal in [cap / 2, cap]', () => {
    fc.assert(
      fc.property(policies, retry, random, (policy, n, r) => {
        const cap = capped(n, policy);
        const full = backoffDelay(n, { ...policy, minMs: 0, jitter: 'full' }, () => r);
        const equal = backoffDelay(n, { ...policy, minMs: 0, jitter: 'equal' }, () => r);
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(cap);
        expect(equal).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(equal).toBeLessThanOrEqual(cap);
      }),
    );
  });
});
