/**
 * Makes the seekable copy of each finished recording, one at a time, in the background. A job is
 * claimed in the database under a short lease that is renewed while the copy runs, so with several
 * instances each copy is made once, and every running instance re-examines the table periodically:
 * a job whose holder died is taken over once its lease lapses (at once when the holder was a
 * process on this host that is gone), by an instance that was already running.
 */
import { isoTime } from '../lib/time';
import { isDeadLocalWorker, newWorkerId } from '../lib/worker-leases';
import type { RecordingRepository } from './recording-repository';
import type { RecordingStorage } from './recording-storage';
import { durationMs, indexWebm, seekableWebm } from './webm-seekable';

export interface SeekableCopierOptions {
  repository: RecordingRepository;
  storage: RecordingStorage;
  now?: () => Date;
  /** How long a claim lasts without renewal (renewed every third of it while copying). */
  leaseMs?: number;
  /** How often the table is re-examined for due or abandoned jobs. */
  sweepIntervalMs?: number;
  workerId?: string;
  onError?: (recordingId: string, error: unknown) => void;
}

export class SeekableCopier {
  readonly workerId: string;
  private queue: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly sweepIntervalMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SeekableCopierOptions) {
    this.now = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 30_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 15_000;
    this.workerId = options.workerId ?? newWorkerId();
  }

  /** Picks up due jobs now and then every `sweepIntervalMs`. */
  start(): void {
    const sweep = () => {
      if (this.stopped) return;
      void this.sweep()
        .catch((error: unknown) => this.options.onError?.('*', error))
        .finally(() => {
          if (this.stopped) return;
          this.sweepTimer = setTimeout(sweep, this.sweepIntervalMs);
          this.sweepTimer.unref();
        });
    };
    sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    await this.queue;
  }

  enqueue(recordingId: string): void {
    if (this.stopped || this.queued.has(recordingId)) return;
    this.queued.add(recordingId);
    this.queue = this.queue
      .then(() => this.copy(recordingId))
      .catch((error: unknown) => this.options.onError?.(recordingId, error))
      .finally(() => this.queued.delete(recordingId));
  }

  /** Queues every job that is due: pending, or held under a lapsed lease or by a dead local process. */
  async sweep(): Promise<void> {
    const { repository } = this.options;
    const now = isoTime(this.now());
    for (const { id, holder } of await repository.listSeekableHolders(now)) {
      if (isDeadLocalWorker(holder, this.workerId)) await repository.expireSeekableLease(id, holder, now);
    }
    for (const id of await repository.listSeekableDue(isoTime(this.now()))) this.enqueue(id);
  }

  /** Resolves when every queued copy is done (for shutdown and tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private leaseUntil(): string {
    return isoTime(new Date(this.now().getTime() + this.leaseMs));
  }

  private async copy(recordingId: string): Promise<void> {
    const { repository, storage } = this.options;
    const claimed = await repository.claimSeekable(recordingId, this.workerId, isoTime(this.now()), this.leaseUntil());
    if (!claimed) return;
    const renewal = setInterval(() => {
      void repository
        .renewSeekableLease(recordingId, this.workerId, this.leaseUntil())
        .catch((error: unknown) => this.options.onError?.(recordingId, error));
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      const recording = await repository.findById(recordingId);
      const size = recording?.sizeBytes ?? 0;
      const index = size > 0 ? await indexWebm(await storage.openOriginal(recordingId)) : null;
      if (!index || index.metadataSize >= size) {
        await repository.finishSeekable(recordingId, this.workerId, {
          status: 'failed',
          durationMs: null,
          seekableSizeBytes: null,
        });
        return;
      }
      const clusters = await storage.openOriginal(recordingId, { start: index.metadataSize, end: size - 1 });
      const bytes = await storage.writeSeekable(recordingId, seekableWebm(index, clusters));
      await repository.finishSeekable(recordingId, this.workerId, {
        status: 'ready',
        durationMs: durationMs(index),
        seekableSizeBytes: bytes,
      });
    } catch (error) {
      this.options.onError?.(recordingId, error);
      await repository
        .finishSeekable(recordingId, this.workerId, { status: 'failed', durationMs: null, seekableSizeBytes: null })
        .catch(() => undefined);
    } finally {
      clearInterval(renewal);
    }
  }
}
