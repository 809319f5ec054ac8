/**
 * Watches the free space of the disk holding the spool while recordings run. Below the policy's
 * `minFreeDiskMb` it warns once (until space recovers with some margin), so the candidate and the
 * service hear about it before the disk is actually full.
 */
import { statfs } from 'node:fs/promises';

export interface DiskSpaceWatchOptions {
  directory: string;
  thresholdBytes: () => number;
  onLow: (report: { freeBytes: number; thresholdBytes: number }) => void;
  intervalMs?: number;
  freeBytes?: (directory: string) => Promise<number>;
  onError?: (error: unknown) => void;
}

export async function statfsFreeBytes(directory: string): Promise<number> {
  const stats = await statfs(directory);
  return stats.bavail * stats.bsize;
}

/** Space must climb this far above the threshold before another warning can fire. */
const REARM_FACTOR = 1.1;

export class DiskSpaceWatch {
  private timer: NodeJS.Timeout | null = null;
  private warned = false;

  constructor(private readonly options: DiskSpaceWatchOptions) {}

  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One measurement; true when the disk is below the threshold. */
  async check(): Promise<boolean> {
    try {
      const freeBytes = await (this.options.freeBytes ?? statfsFreeBytes)(this.options.directory);
      const thresholdBytes = this.options.thresholdBytes();
      if (freeBytes < thresholdBytes) {
        if (!this.warned) {
          this.warned = true;
          this.options.onLow({ freeBytes, thresholdBytes });
        }
        return true;
      }
      if (freeBytes >= thresholdBytes * REARM_FACTOR) this.warned = false;
      return false;
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }
}
