/**
 * Where "now" falls in the session's recording. The lockdown's own incidents (focus lost, a display
 * added…) carry this offset so a proctor can seek to them: the clock starts when the session's first
 * recording begins, and says nothing for another session or before any recording.
 */
export class RecordingClock {
  private started: { sessionId: string; at: number } | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** A recording of `sessionId` began: the first one of the session starts the clock. */
  recordingBegan(sessionId: string): void {
    if (this.started?.sessionId !== sessionId) this.started = { sessionId, at: this.localNow() };
  }

  /** Milliseconds into the recording of `sessionId`, or undefined when it has none. */
  offsetMs(sessionId: string | undefined): number | undefined {
    if (!this.started || this.started.sessionId !== sessionId) return undefined;
    return Math.max(0, this.localNow() - this.started.at);
  }
}
