/**
 * The one polling helper of the tests: work under test runs in the background, so a test waits for a
 * condition, each wait with its own deadline, and a timeout says what was awaited and what was seen last.
 */

export interface WaitForOptions {
  /** What the test waits for, as the failure should read: "Timed out after 5000 ms waiting for <describe>". */
  describe: string;
  timeoutMs: number;
  /** Pause between two looks (default 25 ms). */
  intervalMs?: number;
}

type Falsy = undefined | null | false;

/** Polls `condition` until it gives a truthy value and returns it; an error it throws is kept for the report. */
export async function waitFor<T>(condition: () => Promise<T | Falsy> | T | Falsy, options: WaitForOptions): Promise<T> {
  let lastError: unknown;
  return poll<T>(
    async () => {
      try {
        // A Promise<T> resolves to T here, whatever TypeScript makes of a generic await.
        const value = (await condition()) as T | Falsy;
        lastError = undefined;
        return value ? { done: true as const, value } : { done: false as const };
      } catch (error) {
        lastError = error;
        return { done: false };
      }
    },
    options,
    () => (lastError === undefined ? '' : `; the last look threw: ${String(lastError)}`),
  );
}

/** Reads a value until `accept` holds for it and returns it; a timeout shows the last value read. */
export async function waitForValue<T>(
  read: () => Promise<T> | T,
  accept: (value: T) => boolean,
  options: WaitForOptions,
): Promise<T> {
  let last: { value: T } | undefined;
  return poll<T>(
    async () => {
      const value = (await read()) as T;
      last = { value };
      return accept(value) ? { done: true as const, value } : { done: false as const };
    },
    options,
    () => (last ? `; last value: ${describeValue(last.value)}` : ''),
  );
}

async function poll<T>(
  look: () => Promise<{ done: true; value: T } | { done: false }>,
  options: WaitForOptions,
  lastSeen: () => string,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const result = await look();
    if (result.done) return result.value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.describe}${lastSeen()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

function describeValue(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(value);
  }
}
