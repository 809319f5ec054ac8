import { describe, expect, it } from 'vitest';
import { isServiceUnreachable, retryWhileUnreachable } from '../../../renderer/session/service-retry';

const unreachable = { code: 'network_unavailable', message: 'The exam service cannot be reached.' };

/** The waits `retryWhileUnreachable` takes before a call that answers on its `answersOn`-th try. */
async function waitsUntilAnswer(answersOn: number, backoff?: { baseMs: number; maxMs: number }): Promise<number[]> {
  let calls = 0;
  const waits: number[] = [];
  await retryWhileUnreachable(
    async () => {
      calls += 1;
      if (calls < answersOn) throw unreachable;
    },
    {
      ...(backoff ? { backoff } : {}),
      retryable: isServiceUnreachable,
      onRetry: () => undefined,
      sleep: async (ms) => void waits.push(ms),
    },
  );
  return waits;
}

describe('start-up retries while the exam service cannot be reached', () => {
  it('waits twice as long each time, up to the cap', async () => {
    expect(await waitsUntilAnswer(6, { baseMs: 1000, maxMs: 5000 })).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('waits 1 s at first, doubling to 15 s, unless told otherwise', async () => {
    expect(await waitsUntilAnswer(8)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
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
        backoff: { baseMs: 100, maxMs: 250 },
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
