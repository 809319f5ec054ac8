/** The wait between tries: it ends on time, or at once when its signal aborts, leaving no timer behind. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../../shared/retry/sleep';

describe('sleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves true once the time has passed, not before', async () => {
    let result: boolean | undefined;
    void sleep(1_000).then((value) => (result = value));
    await vi.advanceTimersByTimeAsync(999);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBe(true);
  });

  it('resolves false as soon as the signal aborts, and clears its timer', async () => {
    const abort = new AbortController();
    let result: boolean | undefined;
    void sleep(60_000, abort.signal).then((value) => (result = value));
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves false at once for a signal already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(sleep(60_000, abort.signal)).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
