/**
 * Start-up recovery of uploads a dead service left half-done: reading each unfinished upload
 * rebuilds bookkeeping that was lost (see file-recording-storage.ts), and an upload whose bytes
 * all arrived but was never finalized (killed between the last write and the hash) is finalized
 * now, so it does not wait for its client to come back.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RecordingFinalizer } from './recording-finalizer';
import type { RecordingRepository } from './recording-repository';
import type { RecordingStorage } from './recording-storage';

export async function recoverUnfinishedUploads(
  repository: RecordingRepository,
  storage: RecordingStorage,
  finalizer: RecordingFinalizer,
  log: FastifyBaseLogger,
): Promise<void> {
  for (const recordingId of await repository.listUnfinishedIds()) {
    try {
      const upload = await storage.datastore.getUpload(storage.uploadIdFor(recordingId));
      if (upload.size !== undefined && upload.offset === upload.size) {
        await finalizer.finalize(recordingId, upload.size);
        log.info({ recordingId }, 'finalized an upload whose last write preceded a crash');
      }
    } catch (error) {
      // Never uploaded a byte, or purged: the client's HEAD decides what happens next.
      log.debug({ err: error, recordingId }, 'unfinished upload not recoverable at start-up');
    }
  }
}
