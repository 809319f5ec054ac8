/**
 * Start-up asks the main process for the session it holds; when the exam service cannot be reached
 * the candidate is told so and the call is tried again, waiting longer each time (capped), for as
 * long as it takes: a candidate mid-exam must not land on the launch screen because of a network blip.
 */
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import { backoffDelay, type BackoffPolicy } from '../../shared/retry/backoff';
import { sleep as wait } from '../../shared/retry/sleep';

/** Doubling from 1 s, capped at 15 s. */
const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 15_000 };

/**
 * The bridge's codes for "nobody answered": `network_unavailable` (main/api/api-error.ts: the exam
 * service gave no HTTP answer) and `unavailable` (the preview's HTTP bridge: the client's main process
 * did not answer). Anything the service did answer (no session, invalid state…) is not retried.
 */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set<BridgeErrorCode>(['network_unavailable', 'unavailable']);

export function isServiceUnreachable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return UNREACHABLE_CODES.has(code);
}

export interface RetryOptions {
  backoff?: BackoffPolicy;
  /** Decides whether an error is worth retrying; others are thrown at once. */
  retryable: (error: unknown) => boolean;
  /** Told before each wait: which retry comes next and in how long. */
  onRetry: (attempt: number, delayMs: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
}

export async function retryWhileUnreachable<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!options.retryable(error)) throw error;
      const delay = backoffDelay(attempt - 1, options.backoff ?? DEFAULT_BACKOFF);
      options.onRetry(attempt, delay, error);
      await sleep(delay);
    }
  }
}
