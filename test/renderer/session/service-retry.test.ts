import { describe, expect, it } from 'vitest';
import { isServiceUnreachable, retryDelayMs, retryWhileUnreachable } from '../../../renderer/session/service-retry';

const unreachable = { code: 'network_unavailable', message: 'The exam service cannot be reached.' };

describe('start-up retries while the exam service cannot be reached', () => {
  it('waits twice as long each time, up to the cap', () => {
    const backoff = { firstDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, backoff))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('tells only "nobody answered" apart from answers', () => {
    expect(isServiceUnreachable(unreachable)).toBe(true);
    expect(isServiceUnreachable({ code: 'unavailable', message: 'The exam client is not answering.' })).toBe(true);
    expect(isServiceUnreachable({ code: 'no_session', message: 'No session' })).toBe(false);
    expect(isServiceUnreachable(new Error('boom'))).toBe(false);
    expect(isServiceUnreachable(null)).toBe(false);
  });

  it('retries an unreachable service with growing waits, telling the caller each time, until it answers', async () => {
    let calls = 0;
    const waits: number[] = [];
    const told: Array<[number, number]> = [];
    const result = await retryWhileUnreachable(
      async () => {
        calls += 1;
        if (calls < 4) throw unreachable;
        return 'the session';
      },
      {
        backoff: { firstDelayMs: 100, maxDelayMs: 250 },
        retryable: isServiceUnreachable,
        onRetry: (attempt, delayMs) => told.push([attempt, delayMs]),
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toBe('the session');
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 250]);
    expect(told).toEqual([
      [1, 100],
      [2, 200],
      [3, 250],
    ]);
  });

  it('throws any other error at once', async () => {
    const refused = { code: 'invalid_state', message: 'No.' };
    let calls = 0;
    await expect(
      retryWhileUnreachable(
        async () => {
          calls += 1;
          throw refused;
        },
        { retryable: isServiceUnreachable, onRetry: () => undefined, sleep: async () => undefined },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
