/**
 * The room check's recorder against a fake bridge that behaves like the main process's spool: it
 * checks the protocol (begin → chunks in sequence, one in flight, each acknowledged → end) and can
 * refuse, fail or stall. MediaRecorder is a stand-in here; the real one records in Chromium in
 * test/e2e/room-scan.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomScanRecording } from '../../../renderer/recording/room-scan-recording';
import type { RecordingBridge } from '../../../renderer/recording/recording-bridge';

/** Emits a chunk every timeslice while recording, and the last one when stopped (as browsers do). */
class FakeMediaRecorder extends EventTarget {
  static isTypeSupported = (type: string) => type.startsWith('video/webm');
  static created: FakeMediaRecorder[] = [];
  state: 'inactive' | 'recording' = 'inactive';
  private timer: ReturnType<typeof setInterval> | null = null;
  private counter = 0;

  constructor(
    readonly stream: unknown,
    readonly options: { mimeType: string },
  ) {
    super();
    FakeMediaRecorder.created.push(this);
  }

  start(timesliceMs: number) {
    this.state = 'recording';
    this.timer = setInterval(() => this.emitData(), timesliceMs);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.state = 'inactive';
    this.emitData();
    setTimeout(() => this.dispatchEvent(new Event('stop')), 0);
  }

  /** What the browser does when encoding fails. */
  fail() {
    this.dispatchEvent(new Event('error'));
  }

  private emitData() {
    const bytes = new Uint8Array(100).fill(this.counter++ % 256);
    this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob([bytes]) }));
  }
}

const cameraOnly = { getAudioTracks: () => [], getTracks: () => [] } as unknown as MediaStream;

interface SpoolOptions {
  /** Throw this from `recording:begin`. */
  refuseBegin?: { code: string; message: string };
  /** Refuse the chunk with this sequence, finally (the recording is over for the spool). */
  refuseChunk?: number;
  /** Never answer chunks from this sequence on. */
  stallFrom?: number;
  failEnd?: boolean;
}

/** The spool's side of the contract, with assertions on how it is used. */
function fakeSpool(options: SpoolOptions = {}) {
  const calls: Array<{ channel: string; payload: Record<string, unknown> }> = [];
  const recordings = new Map<string, { kind: string; mimeType: string; next: number; bytes: number; ended: boolean }>();
  let inFlight = 0;
  let maxInFlight = 0;
  const invoke = (async (channel: string, payload: Record<string, unknown>) => {
    calls.push({ channel, payload });
    if (channel === 'recording:begin') {
      if (options.refuseBegin) throw options.refuseBegin;
      const recordingId = `room-${recordings.size + 1}`;
      recordings.set(recordingId, {
        kind: String(payload.kind),
        mimeType: String(payload.mimeType),
        next: 0,
        bytes: 0,
        ended: false,
      });
      return { recordingId };
    }
    const recording = recordings.get(String(payload.recordingId));
    if (!recording) throw { code: 'unknown_recording', message: 'No such recording in this session.' };
    if (channel === 'recording:chunk') {
      const sequence = Number(payload.sequence);
      if (recording.ended) throw { code: 'recording_ended', message: 'The recording has ended.' };
      if (sequence !== recording.next) throw new Error(`chunk ${sequence} out of order (expected ${recording.next})`);
      if (options.stallFrom !== undefined && sequence >= options.stallFrom) return new Promise(() => undefined);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 3));
      inFlight -= 1;
      if (sequence === options.refuseChunk) throw { code: 'recording_ended', message: 'The recording has ended.' };
      recording.next += 1;
      recording.bytes += (payload.data as Uint8Array).byteLength;
      return { sequence, spooledBytes: recording.bytes };
    }
    if (channel === 'recording:end') {
      if (options.failEnd) throw { code: 'internal', message: 'The journal could not be written.' };
      recording.ended = true;
      return { ok: true };
    }
    throw new Error(`unexpected ${channel}`);
  }) as unknown as RecordingBridge['invoke'];
  const bridge: RecordingBridge = { invoke, on: () => () => undefined };
  return { bridge, calls, recordings, maxInFlight: () => maxInFlight };
}

const pan = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('room scan recording', () => {
  beforeEach(() => {
    FakeMediaRecorder.created = [];
    vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('records the pan as a `room` recording, each chunk acknowledged before the next, and is saved once ended', async () => {
    const spool = fakeSpool();
    const recorder = new RoomScanRecording(spool.bridge, { timesliceMs: 5 });
    await recorder.start(cameraOnly);
    await pan();
    const result = await recorder.stop();

    const recording = spool.recordings.get('room-1')!;
    expect(recording).toMatchObject({ kind: 'room', mimeType: 'video/webm;codecs=vp8', ended: true });
    expect(recording.next).toBeGreaterThan(1);
    expect(spool.maxInFlight()).toBe(1);
    expect(result).toEqual({ saved: true, recordingId: 'room-1', bytes: recording.bytes });
    expect(result.bytes).toBe(recording.next * 100);
    const channels = spool.calls.map((call) => call.channel);
    expect(channels[0]).toBe('recording:begin');
    expect(channels.at(-1)).toBe('recording:end');
    expect(channels.filter((channel) => channel === 'recording:end')).toHaveLength(1);
  });

  it('is not saved when the spool refuses a chunk for good', async () => {
    const spool = fakeSpool({ refuseChunk: 1 });
    const recorder = new RoomScanRecording(spool.bridge, { timesliceMs: 5 });
    await recorder.start(cameraOnly);
    await pan();
    const result = await recorder.stop();
    expect(result.saved).toBe(false);
    expect(result.recordingId).toBe('room-1');
  });

  it('is not saved when the spool does not acknowledge in time', async () => {
    const spool = fakeSpool({ stallFrom: 0 });
    const recorder = new RoomScanRecording(spool.bridge, { timesliceMs: 5, saveTimeoutMs: 50 });
    await recorder.start(cameraOnly);
    await pan();
    await expect(recorder.stop()).resolves.toEqual({ saved: false, recordingId: 'room-1', bytes: 0 });
  });

  it('is not saved when the recording cannot be closed, or when the browser reported an encoding error', async () => {
    const closing = fakeSpool({ failEnd: true });
    const first = new RoomScanRecording(closing.bridge, { timesliceMs: 5 });
    await first.start(cameraOnly);
    await pan();
    expect((await first.stop()).saved).toBe(false);

    const encoding = fakeSpool();
    const second = new RoomScanRecording(encoding.bridge, { timesliceMs: 5 });
    await second.start(cameraOnly);
    FakeMediaRecorder.created.at(-1)!.fail();
    await pan();
    expect((await second.stop()).saved).toBe(false);
  });

  it('fails to start when the main process cannot record, and then has nothing to save', async () => {
    const spool = fakeSpool({ refuseBegin: { code: 'unavailable', message: 'Recording is not available.' } });
    const recorder = new RoomScanRecording(spool.bridge);
    await expect(recorder.start(cameraOnly)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(recorder.stop()).resolves.toMatchObject({ saved: false });
    expect(spool.calls.map((call) => call.channel)).toEqual(['recording:begin']);
  });

  it('closes an unfinished scan when the candidate starts again, and saves the new one', async () => {
    const spool = fakeSpool();
    const recorder = new RoomScanRecording(spool.bridge, { timesliceMs: 5 });
    await recorder.start(cameraOnly);
    await pan();
    await recorder.start(cameraOnly);
    expect(spool.recordings.get('room-1')!.ended).toBe(true);
    await pan();
    await expect(recorder.stop()).resolves.toMatchObject({ saved: true, recordingId: 'room-2' });
  });
});
