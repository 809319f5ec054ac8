/**
 * The recordings' way in: what the IPC handlers call for `recording:*` and `upload:progress`
 * (RecordingsPort). Chunks go into the spool and are acknowledged only once on disk; the uploader
 * takes them from there. Also watches free disk space while anything records.
 */
import type { ClientIncidentType } from '../../shared/incidents';
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import type { ExamPolicy } from '../../shared/policy';
import type { RecordingsPort } from '../core/ports';
import { BridgeError } from '../core/bridge-error';
import type { EventEmitterFn } from '../core/ports';
import type { UploadCredentials } from '../keyring/session-key';
import type { Logger } from '../logger';
import { DiskSpaceWatch } from './disk-space-watch';
import type { RecordingsRuntime } from './recordings-runtime';
import { SpoolError } from './spool';

const MIB = 1024 * 1024;
const PROGRESS_EVENT_INTERVAL_MS = 250;

export interface RecordingIntakeDeps {
  /** The live session's key and service; null before launch. */
  credentials(): UploadCredentials | null;
  /** The live session's policy (for `minFreeDiskMb`); null before launch. */
  policy(): ExamPolicy | null;
  emit: EventEmitterFn;
  reportIncident(type: ClientIncidentType, details: Record<string, unknown>): Promise<unknown> | void;
  log: Logger;
  /** Free bytes on the spool's disk (replaceable in tests). */
  freeBytes?: (directory: string) => Promise<number>;
  diskCheckIntervalMs?: number;
}

export interface RecordingIntake extends RecordingsPort {
  dispose(): void;
}

/** The spool's refusals as the renderer knows them (one `unknown_recording`, whoever noticed). */
const SPOOL_ERROR_CODES: Record<SpoolError['code'], BridgeErrorCode> = {
  unknown_recording: 'unknown_recording',
  out_of_order: 'recording_out_of_order',
  ended: 'recording_ended',
  data_lost: 'recording_data_lost',
  corrupt: 'recording_corrupt',
  no_key: 'recording_no_key',
};

function toBridgeError(error: unknown): unknown {
  if (error instanceof SpoolError) return new BridgeError(SPOOL_ERROR_CODES[error.code], error.message);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new BridgeError('disk_full', 'The disk is full: the recording cannot be saved. Free some space.');
  }
  return error;
}

export function createRecordingIntake(runtime: RecordingsRuntime, deps: RecordingIntakeDeps): RecordingIntake {
  const { spool, vault, uploader } = runtime;
  const active = new Set<string>();

  const diskWatch = new DiskSpaceWatch({
    directory: spool.directory,
    thresholdBytes: () => (deps.policy()?.minFreeDiskMb ?? 1024) * MIB,
    ...(deps.freeBytes ? { freeBytes: deps.freeBytes } : {}),
    ...(deps.diskCheckIntervalMs ? { intervalMs: deps.diskCheckIntervalMs } : {}),
    onLow: (report) => {
      deps.log.warn('spool disk is running low', report);
      deps.emit('disk:low', report);
      void Promise.resolve(
        deps.reportIncident('DISK_SPACE_LOW', { freeBytes: report.freeBytes, thresholdBytes: report.thresholdBytes }),
      ).catch((error: unknown) => deps.log.warn('DISK_SPACE_LOW not reported', { error: String(error) }));
    },
    onError: (error) => deps.log.warn('free disk space unknown', { error: String(error) }),
  });

  let lastEmit = 0;
  let pending: NodeJS.Timeout | null = null;
  const emitProgress = () => {
    const wait = lastEmit + PROGRESS_EVENT_INTERVAL_MS - Date.now();
    if (wait > 0) {
      pending ??= setTimeout(() => {
        pending = null;
        emitProgress();
      }, wait);
      return;
    }
    lastEmit = Date.now();
    deps.emit('upload:progress', uploader.progress());
  };
  uploader.on('progress', emitProgress);

  function ownRecording(recordingId: string): void {
    const snapshot = spool.snapshot(recordingId);
    const credentials = deps.credentials();
    if (!snapshot || !credentials || snapshot.sessionId !== credentials.sessionId || !active.has(recordingId)) {
      throw new BridgeError('unknown_recording', 'No such recording in this session.');
    }
  }

  return {
    async begin(request) {
      const credentials = deps.credentials();
      if (!credentials) throw new BridgeError('no_session', 'Recording needs a launched session.');
      try {
        // Writes the session's key to the vault again (if it was cleaned up) before any chunk depends on it.
        await vault.open(credentials);
        const snapshot = await spool.begin({
          sessionId: credentials.sessionId,
          kind: request.kind,
          mimeType: request.mimeType,
        });
        active.add(snapshot.recordingId);
        diskWatch.start();
        return { recordingId: snapshot.recordingId };
      } catch (error) {
        throw toBridgeError(error);
      }
    },
    async chunk(request) {
      ownRecording(request.recordingId);
      try {
        return await spool.append(request.recordingId, request.sequence, request.data);
      } catch (error) {
        throw toBridgeError(error);
      }
    },
    async end(request) {
      ownRecording(request.recordingId);
      try {
        await spool.end(request.recordingId);
      } catch (error) {
        throw toBridgeError(error);
      }
      active.delete(request.recordingId);
      if (active.size === 0) diskWatch.stop();
      return { ok: true };
    },
    async progress() {
      return uploader.progress();
    },
    async endOrphaned() {
      const open = [...active];
      for (const recordingId of open) {
        try {
          await spool.end(recordingId);
        } catch (error) {
          deps.log.warn('open recording not ended', { recordingId, error: String(error) });
        }
        active.delete(recordingId);
      }
      if (active.size === 0) diskWatch.stop();
      return open.length;
    },
    dispose() {
      diskWatch.stop();
      uploader.off('progress', emitProgress);
      if (pending) clearTimeout(pending);
    },
  };
}
