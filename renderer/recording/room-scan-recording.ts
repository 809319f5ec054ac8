/**
 * The room check's recording (kind `room`): one MediaRecorder over the camera stream the step
 * already shows, chunks into the spool one at a time, each acknowledged before the next. The scan
 * counts as saved only when every chunk was acknowledged, there was at least one, and the recording
 * was closed; a spool that does not answer within `saveTimeoutMs` counts as not saved, so the
 * candidate is told and can try again instead of waiting on "Saving…".
 */
import type { RoomScanRecorder, RoomScanResult } from '../checks/room-scan-hook';
import type { RecordingBridge } from './recording-bridge';
import { StreamRecorder, type StreamRecordingResult } from './stream-recorder';
import { pickWebmMimeTypeFor } from './webm-mime-type';

export interface RoomScanRecordingOptions {
  /** A chunk every this many milliseconds (default 1 s: the pan lasts about 15 s). */
  timesliceMs?: number;
  /** How long stopping may take before the scan counts as not saved (default 30 s). */
  saveTimeoutMs?: number;
  /** The camera's bitrate (default 500 kbit/s, as the exam's camera recording). */
  videoBitsPerSecond?: number;
  /** Overrides the type picked from the stream (tests). */
  mimeType?: string;
}

const NOT_SAVED: RoomScanResult = { saved: false, recordingId: null, bytes: 0 };

export class RoomScanRecording implements RoomScanRecorder {
  private current: StreamRecorder | null = null;

  constructor(
    private readonly bridge: RecordingBridge,
    private readonly options: RoomScanRecordingOptions = {},
  ) {}

  async start(stream: MediaStream): Promise<void> {
    // A scan started again (after a failure) replaces the unfinished one; what it spooled is still closed and uploaded.
    if (this.current) await this.stop();
    const recorder = new StreamRecorder({
      bridge: this.bridge,
      kind: 'room',
      stream,
      mimeType: this.options.mimeType ?? pickWebmMimeTypeFor(stream),
      timesliceMs: this.options.timesliceMs ?? 1000,
      videoBitsPerSecond: this.options.videoBitsPerSecond ?? 500_000,
      onError: (error) => console.warn('[vigil] room scan recording:', error),
    });
    try {
      await recorder.start();
    } catch (error) {
      // A recording that began before the failure is closed, not left open in the spool.
      await recorder.stop().catch(() => undefined);
      throw error;
    }
    this.current = recorder;
  }

  async stop(): Promise<RoomScanResult> {
    const recorder = this.current;
    this.current = null;
    if (!recorder) return NOT_SAVED;
    const result = await withTimeout(recorder.stop(), this.options.saveTimeoutMs ?? 30_000);
    if (!result) return { ...NOT_SAVED, recordingId: recorder.recordingId };
    return { saved: isSaved(result), recordingId: result.recordingId, bytes: result.spooledBytes };
  }
}

function isSaved(result: StreamRecordingResult): boolean {
  return result.complete && !result.recorderFailed && result.chunks > 0 && result.spooledBytes > 0;
}

/** The promise's value, or null when it takes longer than `ms` (it keeps running; its result is ignored). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
