/**
 * The one service clock: the difference between the service's clock and ours. Signed requests (the
 * API client's and the tus client's) carry a Date the service refuses beyond 15 minutes of skew, so
 * a candidate whose clock is wrong still gets through; whichever client learns the offset, both use it.
 */
export class ServiceClock {
  private offsetMs = 0;

  constructor(private readonly localNow: () => number = Date.now) {}

  get milliseconds(): number {
    return this.offsetMs;
  }

  /** The service's idea of now. */
  now(): Date {
    return new Date(this.localNow() + this.offsetMs);
  }

  /** `serverTime` was read by the service somewhere between `sentAt` and `receivedAt` (local clock): assume the midpoint. */
  updateFromServerTime(serverTime: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    this.offsetMs = Math.round(server - (sentAt + receivedAt) / 2);
  }

  /** From an HTTP Date header (second resolution): used after a clock_skew refusal, when no body time exists. */
  updateFromHttpDate(httpDate: string, receivedAt: number): void {
    const server = Date.parse(httpDate);
    if (Number.isNaN(server)) return;
    this.offsetMs = server - receivedAt;
  }
}
