/**
 * Recordings in the service: the tus upload endpoint for clients, listing and download for
 * institutions, the seekable copies, and the purge hook that deletes recordings with the rest of
 * a session's data. Storage is local disk under `<dataDir>/recordings` unless `storageUrl`
 * (VIGIL_STORAGE_URL) names an S3 bucket. Needs the app plugins (plugins/app) and the auth plugin registered first.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createFileRecordingStorage } from './file-recording-storage';
import { RecordingFinalizer } from './recording-finalizer';
import { registerDownloadRoutes } from './recording-download-routes';
import { RecordingDownloads } from './recording-downloads';
import { RecordingRepository } from './recording-repository';
import type { RecordingStorage } from './recording-storage';
import { createS3RecordingStorage } from './s3-recording-storage';
import { recoverUnfinishedUploads } from './upload-recovery';
import { SeekableCopier } from './seekable-copier';
import { parseStorageUrl } from './storage-url';
import { registerTusEndpoint } from './tus-endpoint';

export interface RecordingsPluginOptions {
  dataDir: string;
  /** `file://…` or `s3://bucket/prefix?…` (see storage-url.ts); default `<dataDir>/recordings`. */
  storageUrl?: string | undefined;
  /** A ready storage, instead of one built from `storageUrl` (tests, custom credentials). */
  storage?: RecordingStorage | undefined;
  /** Largest PATCH body accepted (default 16 MiB; the desktop client sends at most 8 MiB). */
  maxChunkBytes?: number | undefined;
  /** Largest recording (default 64 GiB). */
  maxRecordingBytes?: number | undefined;
  /** How often seekable jobs are re-examined for a lapsed or dead holder's lease (default 15 s). */
  sweepIntervalMs?: number | undefined;
}

export async function createRecordingStorage(options: RecordingsPluginOptions): Promise<RecordingStorage> {
  if (options.storage) return options.storage;
  const location = options.storageUrl
    ? parseStorageUrl(options.storageUrl)
    : { kind: 'file' as const, directory: join(options.dataDir, 'recordings') };
  if (location.kind === 's3') return createS3RecordingStorage({ location });
  return createFileRecordingStorage({ directory: location.directory });
}

export async function recordingsPlugin(app: FastifyInstance, options: RecordingsPluginOptions): Promise<void> {
  const { database, clock, jobs } = app;
  const storage = await createRecordingStorage(options);
  const repository = new RecordingRepository(database.db);
  const copier = new SeekableCopier({
    repository,
    storage,
    now: clock,
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    onError: (recordingId, error) => app.log.error({ err: error, recordingId }, 'seekable copy failed'),
  });
  const finalizer = new RecordingFinalizer(repository, storage, copier, clock);
  storage.setUploadRecovery(async (recordingId) => {
    const recording = await repository.findById(recordingId);
    if (!recording) return undefined;
    app.log.warn({ recordingId }, 'upload bookkeeping was missing or torn: rebuilt from the database');
    return {
      size: recording.sizeBytes ?? undefined,
      creationDate: recording.createdAt,
      metadata: {
        recordingId: recording.id,
        sessionId: recording.sessionId,
        kind: recording.kind,
        mimeType: recording.mimeType,
        startedAt: recording.startedAt,
      },
    };
  });

  app.register(async (scope) => {
    // Its own scope: the raw-bytes parser must not apply to the rest of the API.
    scope.addHook('onRoute', (route) => {
      route.bodyLimit = options.maxChunkBytes ?? 16 * 1024 * 1024;
    });
    registerTusEndpoint(scope, {
      storage,
      repository,
      finalizer,
      now: clock,
      maxRecordingBytes: options.maxRecordingBytes ?? 64 * 1024 * 1024 * 1024,
    });
  });
  registerDownloadRoutes(app, {
    downloads: new RecordingDownloads(repository, app.repositories.sessions, storage),
  });

  jobs.purger.purgingSession.subscribe(async ({ uow, session }) => {
    const rows = await new RecordingRepository(uow.trx).listForSession(session.id);
    for (const row of rows) {
      // Bytes first: if this fails the transaction rolls back and the next run tries again.
      await storage.remove(row.id);
      await new RecordingRepository(uow.trx).deleteById(row.id);
    }
  });

  app.addHook('onReady', async () => {
    await recoverUnfinishedUploads(repository, storage, finalizer, app.log);
    copier.start();
  });
  app.addHook('onClose', async () => {
    await copier.stop();
    await storage.close();
  });
}
