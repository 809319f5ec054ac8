/**
 * Makes the seekable copy of each finished recording, one at a time, in the background. A job is
 * claimed in the database first, so with several instances each copy is made once; a claim left
 * by an instance that died goes stale and is taken again at the next start.
 */
import type { RecordingRepository } from './recording-repository';
import type { RecordingStorage } from './recording-storage';
import { durationMs, indexWebm, seekableWebm } from './webm-seekable';

export interface SeekableCopierOptions {
  repository: RecordingRepository;
  storage: RecordingStorage;
  now?: () => Date;
  staleAfterMs?: number;
  onError?: (recordingId: string, error: unknown) => void;
}

export class SeekableCopier {
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly staleAfterMs: number;

  constructor(private readonly options: SeekableCopierOptions) {
    this.now = options.now ?? (() => new Date());
    this.staleAfterMs = options.staleAfterMs ?? 30 * 60 * 1000;
  }

  enqueue(recordingId: string): void {
    this.queue = this.queue.then(() => this.copy(recordingId)).catch(() => undefined);
  }

  /** Picks up copies that were due when the service (or another instance) stopped. */
  async resumeDue(): Promise<void> {
    for (const id of await this.options.repository.listSeekableDue(this.staleBefore())) this.enqueue(id);
  }

  /** Resolves when every queued copy is done (for shutdown and tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private staleBefore(): string {
    return new Date(this.now().getTime() - this.staleAfterMs).toISOString();
  }

  private async copy(recordingId: string): Promise<void> {
    const { repository, storage } = this.options;
    if (!(await repository.claimSeekable(recordingId, this.now().toISOString(), this.staleBefore()))) return;
    try {
      const recording = await repository.findById(recordingId);
      const size = recording?.sizeBytes ?? 0;
      const index = size > 0 ? await indexWebm(await storage.openOriginal(recordingId)) : null;
      if (!index || index.metadataSize >= size) {
        await repository.finishSeekable(recordingId, { status: 'failed', durationMs: null, seekableSizeBytes: null });
        return;
      }
      const clusters = await storage.openOriginal(recordingId, { start: index.metadataSize, end: size - 1 });
      const bytes = await storage.writeSeekable(recordingId, seekableWebm(index, clusters));
      await repository.finishSeekable(recordingId, {
        status: 'ready',
        durationMs: durationMs(index),
        seekableSizeBytes: bytes,
      });
    } catch (error) {
      this.options.onError?.(recordingId, error);
      await repository
        .finishSeekable(recordingId, { status: 'failed', durationMs: null, seekableSizeBytes: null })
        .catch(() => undefined);
    }
  }
}
