/**
 * When an upload is whole: hash what the store holds (that SHA-256 is the recording's identity),
 * mark the row complete and queue the seekable copy. Idempotent, so a HEAD after a crash between
 * the last write and this step can finish the job.
 */
import { createHash } from 'node:crypto';
import type { RecordingRepository } from './recording-repository';
import type { RecordingStorage } from './recording-storage';
import type { SeekableCopier } from './seekable-copier';

export class RecordingFinalizer {
  constructor(
    private readonly repository: RecordingRepository,
    private readonly storage: RecordingStorage,
    private readonly copier: SeekableCopier,
    private readonly now: () => Date,
  ) {}

  async finalize(recordingId: string, sizeBytes: number): Promise<string> {
    const existing = await this.repository.findById(recordingId);
    if (existing?.sha256 && existing.completedAt) return existing.sha256;
    const hash = createHash('sha256');
    for await (const chunk of await this.storage.openOriginal(recordingId)) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    await this.repository.markComplete(recordingId, { sizeBytes, sha256, completedAt: this.now().toISOString() });
    this.copier.enqueue(recordingId);
    return sha256;
  }
}
