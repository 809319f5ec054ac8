/**
 * Sends a recording's chunks to the main process one at a time: the next goes only after the
 * previous one is acknowledged (on disk and journaled). A refused or failed send is retried with
 * backoff; the main process acknowledges a re-sent chunk again, so nothing is stored twice.
 */
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import { backoffDelay } from '../../shared/retry/backoff';
import { sleep } from '../../shared/retry/sleep';
import type { RecordingBridge } from './recording-bridge';

/** Codes after which retrying cannot help (the recording is over or unknown to the main process). */
const FINAL_CODES: ReadonlySet<string> = new Set<BridgeErrorCode>([
  'recording_ended',
  'unknown_recording',
  'no_session',
]);

export interface ChunkSenderOptions {
  bridge: RecordingBridge;
  recordingId: string;
  onError?: (error: unknown, willRetry: boolean) => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class ChunkSender {
  private readonly queue: Blob[] = [];
  private sequence = 0;
  private pumping: Promise<void> | null = null;
  private abandoned = false;
  spooledBytes = 0;

  constructor(private readonly options: ChunkSenderOptions) {}

  /** Chunks the main process has acknowledged (on disk and journaled). */
  get acknowledgedChunks(): number {
    return this.sequence;
  }

  /** True once a final refusal made the sender drop what it had not yet sent. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  push(blob: Blob): void {
    if (blob.size === 0 || this.abandoned) return;
    this.queue.push(blob);
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
    });
  }

  /** Resolves once every chunk pushed so far was acknowledged (or the recording was abandoned). */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    let failures = 0;
    while (this.queue.length > 0 && !this.abandoned) {
      const blob = this.queue[0]!;
      const data = new Uint8Array(await blob.arrayBuffer());
      try {
        const ack = await this.options.bridge.invoke('recording:chunk', {
          recordingId: this.options.recordingId,
          sequence: this.sequence,
          data,
        });
        this.spooledBytes = ack.spooledBytes;
        this.queue.shift();
        this.sequence += 1;
        failures = 0;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const final = typeof code === 'string' && FINAL_CODES.has(code);
        this.options.onError?.(error, !final);
        if (final) {
          this.abandoned = true;
          this.queue.length = 0;
          return;
        }
        failures += 1;
        await sleep(
          backoffDelay(failures - 1, {
            baseMs: this.options.retryBaseMs ?? 500,
            maxMs: this.options.retryMaxMs ?? 10_000,
          }),
        );
      }
    }
  }
}
