/** Upload progress for the end-of-exam screen: bytes, rate over the last seconds, time left. */
import type { UploadProgress } from '../../shared/ipc/contract';

const WINDOW_MS = 15_000;

export class UploadRateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  /** `bytes` more reached the service. */
  add(bytes: number): void {
    const at = this.clock();
    this.samples.push({ at, bytes });
    this.samples = this.samples.filter((sample) => sample.at > at - WINDOW_MS);
  }

  bytesPerSecond(): number {
    const now = this.clock();
    const recent = this.samples.filter((sample) => sample.at > now - WINDOW_MS);
    if (recent.length === 0) return 0;
    const bytes = recent.reduce((sum, sample) => sum + sample.bytes, 0);
    const span = Math.max(1000, now - recent[0]!.at);
    return (bytes * 1000) / span;
  }
}

export function describeProgress(input: {
  totalBytes: number;
  uploadedBytes: number;
  bytesPerSecond: number;
  done: boolean;
  online: boolean;
}): UploadProgress {
  const remaining = Math.max(0, input.totalBytes - input.uploadedBytes);
  return {
    totalBytes: input.totalBytes,
    uploadedBytes: Math.min(input.uploadedBytes, input.totalBytes),
    bytesPerSecond: Math.round(input.bytesPerSecond),
    secondsLeft: remaining === 0 ? 0 : input.bytesPerSecond > 0 ? Math.ceil(remaining / input.bytesPerSecond) : null,
    done: input.done,
    online: input.online,
  };
}
