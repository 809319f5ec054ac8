import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureSession } from '../../../renderer/recording/capture-session';
import { startRecording, stopRecording } from '../../../renderer/recording';
import type { RecordingBridge } from '../../../renderer/recording/recording-bridge';
import { useRecordingStore } from '../../../renderer/stores/recording-store';

/** Stand-ins for the browser's media objects (the real ones are exercised in Chromium by test/recordings). */
class FakeTrack extends EventTarget {
  readyState: 'live' | 'ended' = 'live';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly label: string,
  ) {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
  /** What the browser does when the device goes away. */
  unplug() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

class FakeStream {
  constructor(readonly tracks: FakeTrack[]) {}
  getTracks() {
    return this.tracks;
  }
}

class FakeMediaRecorder extends EventTarget {
  static isTypeSupported = () => true;
  state: 'inactive' | 'recording' = 'inactive';
  start() {
    this.state = 'recording';
    setTimeout(() => this.emitData(), 0);
  }
  stop() {
    this.state = 'inactive';
    this.emitData();
    setTimeout(() => this.dispatchEvent(new Event('stop')), 0);
  }
  private emitData() {
    this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob([new Uint8Array([1, 2, 3])]) }));
  }
}

interface Call {
  channel: string;
  payload: Record<string, unknown>;
}

function fakeBridge() {
  const calls: Call[] = [];
  let recordings = 0;
  const invoke = (async (channel: string, payload: Record<string, unknown>) => {
    calls.push({ channel, payload });
    switch (channel) {
      case 'recording:begin':
        return { recordingId: `recording-${++recordings}` };
      case 'recording:chunk':
        return { sequence: payload.sequence, spooledBytes: 3 };
      case 'recording:end':
        return { ok: true };
      case 'incident:report':
        return { queued: true };
      default:
        throw new Error(`unexpected ${channel}`);
    }
  }) as unknown as RecordingBridge['invoke'];
  return { bridge: { invoke, on: () => () => undefined } satisfies RecordingBridge, calls };
}

const incidents = (calls: Call[]) =>
  calls
    .filter((call) => call.channel === 'incident:report')
    .map((call) => call.payload as { type: string; details: Record<string, unknown> });

describe('capture session', () => {
  let cameras: FakeStream[];
  let screens: FakeStream[];

  beforeEach(() => {
    cameras = [];
    screens = [];
    vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
    vi.stubGlobal('navigator', {
      mediaDevices: {
        getUserMedia: async () => {
          const stream = new FakeStream([new FakeTrack('video', 'camera'), new FakeTrack('audio', 'microphone')]);
          cameras.push(stream);
          return stream;
        },
        getDisplayMedia: async () => {
          const stream = new FakeStream([new FakeTrack('video', 'screen:0')]);
          screens.push(stream);
          return stream;
        },
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts camera, microphone and screen recordings and reports each start', async () => {
    const { bridge, calls } = fakeBridge();
    const session = new CaptureSession(bridge, { timesliceMs: 1000 });
    await session.start();
    expect(calls.filter((call) => call.channel === 'recording:begin').map((call) => call.payload.kind)).toEqual([
      'camera',
      'screen',
    ]);
    expect(incidents(calls).map((incident) => incident.type)).toEqual([
      'CAMERA_STARTED',
      'AUDIO_STARTED',
      'SCREENSHARE_STARTED',
      'RECORDINGS_STARTED',
    ]);
    await session.stop();
    expect(calls.filter((call) => call.channel === 'recording:end')).toHaveLength(2);
    expect(incidents(calls).some((incident) => incident.type.endsWith('_STOPPED'))).toBe(false);
    expect(cameras[0]!.tracks.every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('reports a camera that goes away, closes its recording and starts a new one when it comes back', async () => {
    const { bridge, calls } = fakeBridge();
    const session = new CaptureSession(bridge, { timesliceMs: 1000, restartDelayMs: 1 });
    await session.start();
    cameras[0]!.tracks[0]!.unplug();
    await vi.waitFor(() => expect(cameras).toHaveLength(2));
    await vi.waitFor(() =>
      expect(calls.filter((call) => call.channel === 'recording:begin').map((call) => call.payload.kind)).toEqual([
        'camera',
        'screen',
        'camera',
      ]),
    );
    expect(incidents(calls)).toContainEqual({ type: 'CAMERA_STOPPED', details: { label: 'camera', unexpected: true } });
    expect(incidents(calls)).toContainEqual({ type: 'CAMERA_STARTED', details: { label: 'camera', restarted: true } });
    expect(calls).toContainEqual({ channel: 'recording:end', payload: { recordingId: 'recording-1' } });
    // The ended recording's chunks went out before it was closed, in order.
    const firstRecording = calls
      .filter((call) => call.payload.recordingId === 'recording-1')
      .map((call) => call.channel);
    expect(firstRecording.at(-1)).toBe('recording:end');
    await session.stop();
  });

  it('records nothing in events-only mode', async () => {
    const { bridge, calls } = fakeBridge();
    expect(await startRecording('events-only', bridge)).toBe(false);
    expect(calls).toEqual([]);
    expect(await startRecording('hybrid', bridge)).toBe(true);
    expect(useRecordingStore.getState().capture?.status).toBe('recording');
    await stopRecording();
    expect(useRecordingStore.getState().capture).toBeNull();
    expect(calls.filter((call) => call.channel === 'recording:end')).toHaveLength(2);
  });
});
