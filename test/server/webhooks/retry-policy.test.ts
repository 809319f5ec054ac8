/** The webhook retry schedule docs/service.md promises: base, 2×base, 4×base…, at most 1 h apart, 12 attempts in all. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../server/webhooks/retry-policy';

const SECOND = 1000;

describe('webhook retry schedule', () => {
  it('waits 10 s after the first attempt, doubling, never more than an hour, for 12 attempts', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(12);
    const waits = Array.from({ length: 11 }, (_, index) => retryDelayMs(DEFAULT_RETRY_POLICY, index + 1) / SECOND);
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]);
  });

  it('doubles from a configured base without jitter', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 50 };
    expect([0, 1, 2, 3].map((attemptsMade) => retryDelayMs(policy, attemptsMade))).toEqual([50, 50, 100, 200]);
  });
});
