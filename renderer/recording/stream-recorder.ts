/**
 * One MediaRecorder over one stream (camera with microphone, or the screen), as one recording in the
 * spool: `recording:begin`, a chunk every few seconds through the ChunkSender, `recording:end` after
 * the last chunk is acknowledged. A restarted track means a new StreamRecorder (a new WebM file).
 */
import type { RecordingKind } from '../../shared/api/recordings';
import { ChunkSender } from './chunk-sender';
import type { RecordingBridge } from './recording-bridge';

export interface StreamRecorderOptions {
  bridge: RecordingBridge;
  kind: RecordingKind;
  stream: MediaStream;
  mimeType: string;
  timesliceMs: number;
  videoBitsPerSecond: number;
  audioBitsPerSecond?: number;
  onError?: (error: unknown) => void;
}

/** What a stopped recording left in the spool. */
export interface StreamRecordingResult {
  recordingId: string | null;
  /** Chunks the main process acknowledged, and their bytes. */
  chunks: number;
  spooledBytes: number;
  /** Every chunk was acknowledged (none dropped after a final refusal) and `recording:end` succeeded. */
  complete: boolean;
  /** The MediaRecorder reported an error while recording. */
  recorderFailed: boolean;
}

export class StreamRecorder {
  private recorder: MediaRecorder | null = null;
  private sender: ChunkSender | null = null;
  private recorderFailed = false;
  recordingId: string | null = null;
  readonly startedAt = Date.now();

  constructor(private readonly options: StreamRecorderOptions) {}

  async start(): Promise<void> {
    const { bridge, kind, stream, mimeType } = this.options;
    // Built before the recording begins: a stream or type the browser refuses leaves nothing open in the spool.
    const recorder = new MediaRecorder(stream, {
      mimeType,
      videoBitsPerSecond: this.options.videoBitsPerSecond,
      ...(this.options.audioBitsPerSecond ? { audioBitsPerSecond: this.options.audioBitsPerSecond } : {}),
    });
    const { recordingId } = await bridge.invoke('recording:begin', { kind, mimeType });
    this.recordingId = recordingId;
    this.sender = new ChunkSender({ bridge, recordingId, onError: (error) => this.options.onError?.(error) });
    recorder.addEventListener('dataavailable', (event) => this.sender?.push(event.data));
    recorder.addEventListener('error', (event) => {
      this.recorderFailed = true;
      this.options.onError?.(event);
    });
    this.recorder = recorder;
    recorder.start(this.options.timesliceMs);
  }

  get spooledBytes(): number {
    return this.sender?.spooledBytes ?? 0;
  }

  /** Stops recording, waits for the last chunk to be on disk, and ends the recording. */
  async stop(): Promise<StreamRecordingResult> {
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder && recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    await this.sender?.flush();
    const recordingId = this.recordingId;
    let ended = false;
    if (recordingId) {
      this.recordingId = null;
      ended = await this.options.bridge
        .invoke('recording:end', { recordingId })
        .then(() => true)
        .catch((error: unknown) => {
          this.options.onError?.(error);
          return false;
        });
    }
    return {
      recordingId,
      chunks: this.sender?.acknowledgedChunks ?? 0,
      spooledBytes: this.spooledBytes,
      complete: ended && !(this.sender?.gaveUp ?? false),
      recorderFailed: this.recorderFailed,
    };
  }
}
