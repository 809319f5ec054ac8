/**
 * Tells the service every 15 s that the client is alive (a session without heartbeats is closed
 * automatically after an hour); each answer also carries the session's state, a fallback for a
 * dropped event stream.
 */
import { HEARTBEAT_INTERVAL_MS } from '../../shared/session-states';
import type { SessionStatusResponse } from '../../shared/api/client';
import type { Logger } from '../logger';

export interface HeartbeatOptions {
  beat(): Promise<SessionStatusResponse>;
  onStatus(status: SessionStatusResponse): void;
  log: Logger;
  intervalMs?: number;
}

export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private beating = false;

  constructor(private readonly options: HeartbeatOptions) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      this.options.onStatus(await this.options.beat());
    } catch (error) {
      this.options.log.info('heartbeat missed', { error: String(error) });
    } finally {
      this.beating = false;
    }
  }
}
