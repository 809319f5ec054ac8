/** When a failed delivery is tried again: exponential backoff from a base delay, capped, for a bounded number of attempts. */
import { backoffDelay } from '../../shared/retry/backoff';

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60 * 1000,
  maxAttempts: 12,
};

/** Delay before attempt `attemptsMade + 1`: base, 2×base, 4×base…, without jitter (docs/service.md states the schedule). */
export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number {
  return backoffDelay(attemptsMade - 1, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs });
}

export type DeliveryVerdict = 'delivered' | 'retry' | 'give-up';

/** 2xx delivered; 3xx and 4xx are the receiver's final word (redirects are not followed); 5xx and network failures retry. */
export function verdictFor(statusCode: number | null): DeliveryVerdict {
  if (statusCode === null) return 'retry';
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 300 && statusCode < 500) return 'give-up';
  return 'retry';
}
