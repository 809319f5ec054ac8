/**
 * Retries with exponential backoff (equal jitter: half the delay fixed, half random, so a room of
 * candidates does not retry in step after a shared outage, yet none comes back at once): network
 * errors and 5xx, idempotent requests only, never a 4xx.
 * A clock_skew refusal is the one exception: it was refused before anything happened, so after
 * correcting the clock offset from the service's Date header it is sent once more.
 */
import { isAxiosError, type AxiosInstance } from 'axios';
import { backoffDelay } from '../../shared/retry/backoff';
import { sleep as wait } from '../../shared/retry/sleep';
import { serviceErrorOf } from './api-error';
import type { ServiceClock } from '../core/service-clock';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 5_000 };

const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete']);

export function isRetriable(error: unknown): boolean {
  if (!isAxiosError(error) || !error.config) return false;
  const method = (error.config.method ?? 'get').toLowerCase();
  const idempotent = error.config.vigil?.idempotent ?? IDEMPOTENT_METHODS.has(method);
  if (!idempotent) return false;
  if (error.code === 'ERR_CANCELED') return false;
  if (!error.response) return true;
  return error.response.status >= 500;
}

export function installRetryInterceptor(
  instance: AxiosInstance,
  options: { policy: RetryPolicy; clock: ServiceClock; sleep?: (ms: number) => Promise<void> },
): void {
  const sleep = options.sleep ?? wait;
  instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || !error.config) throw error;
    const config = error.config;
    const vigil = config.vigil ?? { auth: 'session' as const };

    if (serviceErrorOf(error)?.code === 'clock_skew' && !vigil.skewRetried) {
      const date = error.response?.headers['date'];
      if (typeof date === 'string') options.clock.updateFromHttpDate(date, Date.now());
      config.vigil = { ...vigil, skewRetried: true };
      return instance.request(config);
    }

    const attempt = vigil.attempt ?? 0;
    if (!isRetriable(error) || attempt >= (vigil.retries ?? options.policy.retries)) throw error;
    const { baseDelayMs, maxDelayMs } = options.policy;
    await sleep(backoffDelay(attempt, { baseMs: baseDelayMs, maxMs: maxDelayMs, jitter: 'equal' }));
    config.vigil = { ...vigil, attempt: attempt + 1 };
    return instance.request(config);
  });
}
