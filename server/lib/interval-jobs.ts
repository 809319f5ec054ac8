/**
 * Jobs run now and then every so often (the heartbeat sweep, the purge). A run that fails is
 * reported and the job runs again next time; runs may overlap, as each job takes its own locks.
 * `stop` clears the timers and waits for the runs in flight, so what they use can close after.
 */
export type JobFailureReporter = (error: unknown, name: string) => void;

export class IntervalJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly onFailure: JobFailureReporter) {}

  /** Runs `job` on the next turn of the event loop, then every `intervalMs`; the timer keeps no process alive. */
  every(name: string, intervalMs: number, job: () => Promise<unknown>): void {
    const run = () => {
      if (this.stopped) return;
      const running = job()
        .catch((error: unknown) => this.onFailure(error, name))
        .finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    };
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.timers.push(timer);
    setImmediate(run);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.inFlight);
  }
}
