/**
 * The exam's recordings in the renderer: the camera with the microphone and the screen, each
 * through its own MediaRecorder into the spool. Reports CAMERA_/AUDIO_/SCREENSHARE_STARTED and
 * RECORDINGS_STARTED as they happen; a track that ends while the exam runs (camera unplugged,
 * screen sharing stopped) is reported as …_STOPPED and restarted where the browser allows it.
 */
import type { ClientIncidentType } from '../../shared/incidents';
import type { RecordingBridge } from './recording-bridge';
import { StreamRecorder } from './stream-recorder';
import { pickWebmMimeType } from './webm-mime-type';
import { sleep } from '../../shared/retry/sleep';

export interface CaptureOptions {
  /** A chunk every this many milliseconds (default 4 s). */
  timesliceMs?: number;
  /** Record the screen as well as the camera (default true). */
  screen?: boolean;
  /** Attempts to bring back a track that ended unexpectedly (default 3, 2 s apart). */
  restartAttempts?: number;
  restartDelayMs?: number;
}

export type CaptureStatus = 'starting' | 'recording' | 'stopping' | 'stopped';

type Source = 'camera' | 'screen';

const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 } },
  audio: { echoCancellation: true, noiseSuppression: true },
};
const SCREEN_CONSTRAINTS: DisplayMediaStreamOptions = { video: { frameRate: { ideal: 5, max: 15 } }, audio: false };
const BITRATES: Record<Source, { video: number; audio?: number }> = {
  camera: { video: 500_000, audio: 48_000 },
  screen: { video: 800_000 },
};

export class CaptureSession {
  private readonly recorders = new Map<Source, StreamRecorder>();
  private readonly streams = new Map<Source, MediaStream>();
  private statusValue: CaptureStatus = 'starting';
  private readonly mimeType: string;

  constructor(
    private readonly bridge: RecordingBridge,
    private readonly options: CaptureOptions = {},
  ) {
    this.mimeType = pickWebmMimeType();
  }

  get status(): CaptureStatus {
    return this.statusValue;
  }

  /** Bytes the main process has acknowledged for the recordings running now. */
  spooledBytes(): number {
    let total = 0;
    for (const recorder of this.recorders.values()) total += recorder.spooledBytes;
    return total;
  }

  async start(): Promise<void> {
    await this.startSource('camera');
    if (this.options.screen !== false) await this.startSource('screen');
    this.statusValue = 'recording';
    this.report('RECORDINGS_STARTED', { kinds: [...this.recorders.keys()], mimeType: this.mimeType });
  }

  async stop(): Promise<void> {
    if (this.statusValue === 'stopped') return;
    this.statusValue = 'stopping';
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.stop()));
    this.recorders.clear();
    for (const stream of this.streams.values()) stream.getTracks().forEach((track) => track.stop());
    this.streams.clear();
    this.statusValue = 'stopped';
  }

  private async acquire(source: Source): Promise<MediaStream> {
    if (source === 'camera') return navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
    return navigator.mediaDevices.getDisplayMedia(SCREEN_CONSTRAINTS);
  }

  private async startSource(source: Source, restarted = false): Promise<void> {
    const stream = await this.acquire(source);
    this.streams.set(source, stream);
    for (const track of stream.getTracks()) {
      track.addEventListener('ended', () => void this.onTrackEnded(source, stream, track), { once: true });
      this.report(startedIncident(source, track), { label: track.label, ...(restarted ? { restarted: true } : {}) });
    }
    const recorder = new StreamRecorder({
      bridge: this.bridge,
      kind: source,
      stream,
      mimeType: this.mimeType,
      timesliceMs: this.options.timesliceMs ?? 4000,
      videoBitsPerSecond: BITRATES[source].video,
      ...(BITRATES[source].audio ? { audioBitsPerSecond: BITRATES[source].audio } : {}),
      onError: (error) => console.warn(`[vigil] ${source} recording:`, error),
    });
    await recorder.start();
    this.recorders.set(source, recorder);
  }

  /** A track ended without us stopping it: report it, close that recording, and try to bring it back. */
  private async onTrackEnded(source: Source, stream: MediaStream, track: MediaStreamTrack): Promise<void> {
    if (this.statusValue !== 'recording' || this.streams.get(source) !== stream) return;
    this.report(stoppedIncident(source, track), { label: track.label, unexpected: true });
    this.streams.delete(source);
    const recorder = this.recorders.get(source);
    this.recorders.delete(source);
    stream.getTracks().forEach((other) => other.stop());
    await recorder?.stop();
    const attempts = this.options.restartAttempts ?? 3;
    for (let attempt = 1; attempt <= attempts && this.statusValue === 'recording'; attempt++) {
      await sleep(this.options.restartDelayMs ?? 2000);
      if (this.statusValue !== 'recording') return;
      try {
        await this.startSource(source, true);
        return;
      } catch (error) {
        console.warn(`[vigil] ${source} could not be restarted (attempt ${attempt}):`, error);
      }
    }
  }

  private report(type: ClientIncidentType, details: Record<string, unknown>): void {
    void this.bridge.invoke('incident:report', { type, details }).catch((error: unknown) => {
      console.warn(`[vigil] incident ${type} not reported:`, error);
    });
  }
}

function startedIncident(source: Source, track: MediaStreamTrack): ClientIncidentType {
  if (source === 'screen') return 'SCREENSHARE_STARTED';
  return track.kind === 'audio' ? 'AUDIO_STARTED' : 'CAMERA_STARTED';
}

function stoppedIncident(source: Source, track: MediaStreamTrack): ClientIncidentType {
  if (source === 'screen') return 'SCREENSHARE_STOPPED';
  return track.kind === 'audio' ? 'AUDIO_STOPPED' : 'CAMERA_STOPPED';
}
