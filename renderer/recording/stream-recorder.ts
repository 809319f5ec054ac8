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

export class StreamRecorder {
  private recorder: MediaRecorder | null = null;
  private sender: ChunkSender | null = null;
  recordingId: string | null = null;
  readonly startedAt = Date.now();

  constructor(private readonly options: StreamRecorderOptions) {}

  async start(): Promise<void> {
    const { bridge, kind, stream, mimeType } = this.options;
    const { recordingId } = await bridge.invoke('recording:begin', { kind, mimeType });
    this.recordingId = recordingId;
    this.sender = new ChunkSender({ bridge, recordingId, onError: (error) => this.options.onError?.(error) });
    const recorder = new MediaRecorder(stream, {
      mimeType,
      videoBitsPerSecond: this.options.videoBitsPerSecond,
      ...(this.options.audioBitsPerSecond ? { audioBitsPerSecond: this.options.audioBitsPerSecond } : {}),
    });
    recorder.addEventListener('dataavailable', (event) => this.sender?.push(event.data));
    recorder.addEventListener('error', (event) => this.options.onError?.(event));
    recorder.start(this.options.timesliceMs);
    this.recorder = recorder;
  }

  get spooledBytes(): number {
    return this.sender?.spooledBytes ?? 0;
  }

  /** Stops recording, waits for the last chunk to be on disk, and ends the recording. */
  async stop(): Promise<void> {
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder && recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    await this.sender?.flush();
    if (this.recordingId) {
      const recordingId = this.recordingId;
      this.recordingId = null;
      await this.options.bridge
        .invoke('recording:end', { recordingId })
        .catch((error: unknown) => this.options.onError?.(error));
    }
  }
}
