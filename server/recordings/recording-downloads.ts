/**
 * The institution's view of a session's recordings: the list, and one recording's bytes (as
 * uploaded, or the seekable copy) once it is whole. Another account's session is "not found".
 */
import type { Readable } from 'node:stream';
import type { Recording } from '../../shared/api/recordings';
import { invalidState, notFound } from '../lib/http-error';
import type { SessionRepository } from '../repositories/session-repository';
import type { RecordingRepository, StoredRecording } from './recording-repository';
import type { ByteRange, RecordingStorage } from './recording-storage';

/** A recording ready to be sent: its row, which copy, and that copy's size. */
export interface RecordingDownload {
  recording: StoredRecording;
  seekable: boolean;
  sizeBytes: number;
}

export class RecordingDownloads {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly sessions: Pick<SessionRepository, 'findForAccount'>,
    private readonly storage: RecordingStorage,
  ) {}

  async list(accountId: number, sessionId: string): Promise<Recording[]> {
    const ownedSessionId = await this.sessionOfAccount(accountId, sessionId);
    const recordings = await this.recordings.listForSession(ownedSessionId);
    return Promise.all(recordings.map((recording) => this.present(recording)));
  }

  /** The recording to download; refused while it is still uploading or its seekable copy is not made. */
  async find(accountId: number, sessionId: string, recordingId: string, seekable: boolean): Promise<RecordingDownload> {
    const ownedSessionId = await this.sessionOfAccount(accountId, sessionId);
    const recording = await this.recordings.findById(recordingId);
    if (!recording || recording.sessionId !== ownedSessionId) throw notFound(`Recording ${recordingId}`);
    if (!recording.completedAt || recording.sizeBytes === null) {
      throw invalidState('The recording is still uploading; download it once it is complete');
    }
    if (!seekable) return { recording, seekable, sizeBytes: recording.sizeBytes };
    if (recording.seekableStatus !== 'ready' || recording.seekableSizeBytes === null) {
      throw invalidState(
        `The seekable copy is ${recording.seekableStatus === 'failed' ? 'unavailable' : 'not ready yet'}`,
      );
    }
    return { recording, seekable, sizeBytes: recording.seekableSizeBytes };
  }

  open(download: RecordingDownload, range?: ByteRange): Promise<Readable> {
    const { recording, seekable } = download;
    return seekable ? this.storage.openSeekable(recording.id, range) : this.storage.openOriginal(recording.id, range);
  }

  private async sessionOfAccount(accountId: number, sessionId: string): Promise<string> {
    const session = await this.sessions.findForAccount(accountId, sessionId);
    if (!session) throw notFound(`Session ${sessionId}`);
    return session.id;
  }

  private async present(recording: StoredRecording): Promise<Recording> {
    let sizeBytes = recording.sizeBytes;
    if (!recording.completedAt) {
      // Still uploading: report what has arrived so far.
      const upload = await this.storage.datastore.getUpload(this.storage.uploadIdFor(recording.id)).catch(() => null);
      sizeBytes = upload?.offset ?? 0;
    }
    return {
      id: recording.id,
      sessionId: recording.sessionId,
      kind: recording.kind,
      sizeBytes: sizeBytes ?? 0,
      durationMs: recording.durationMs,
      sha256: recording.sha256,
      complete: recording.completedAt !== null,
      startedAt: recording.startedAt,
      seekable: recording.seekableStatus === 'ready',
    };
  }
}
