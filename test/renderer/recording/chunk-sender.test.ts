import { describe, expect, it } from 'vitest';
import { ChunkSender } from '../../../renderer/recording/chunk-sender';
import type { RecordingBridge } from '../../../renderer/recording/recording-bridge';

interface Sent {
  sequence: number;
  bytes: number[];
}

/** A bridge whose recording:chunk acknowledges after a delay, failing the calls listed in `failures`. */
function fakeBridge(failures: Record<number, { code: string; message: string }> = {}) {
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const invoke = (async (channel: string, payload: { sequence: number; data: Uint8Array }) => {
    if (channel !== 'recording:chunk') throw new Error(`unexpected ${channel}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    const failure = failures[calls++];
    if (failure) throw failure;
    sent.push({ sequence: payload.sequence, bytes: [...payload.data] });
    return { sequence: payload.sequence, spooledBytes: sent.reduce((sum, s) => sum + s.bytes.length, 0) };
  }) as unknown as RecordingBridge['invoke'];
  const bridge: RecordingBridge = { invoke, on: () => () => undefined };
  return { bridge, sent, maxInFlight: () => maxInFlight };
}

describe('chunk sender', () => {
  it('sends chunks in order, one at a time, each after the previous was acknowledged', async () => {
    const { bridge, sent, maxInFlight } = fakeBridge();
    const sender = new ChunkSender({ bridge, recordingId: 'r1' });
    for (let index = 0; index < 5; index++) sender.push(new Blob([new Uint8Array([index, index])]));
    sender.push(new Blob([]));
    await sender.flush();
    expect(sent.map((s) => s.sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(sent.map((s) => s.bytes[0])).toEqual([0, 1, 2, 3, 4]);
    expect(maxInFlight()).toBe(1);
    expect(sender.spooledBytes).toBe(10);
  });

  it('retries a failed chunk with the same sequence number', async () => {
    const { bridge, sent } = fakeBridge({ 1: { code: 'disk_full', message: 'full' } });
    const errors: boolean[] = [];
    const sender = new ChunkSender({
      bridge,
      recordingId: 'r1',
      retryBaseMs: 1,
      onError: (_e, retry) => errors.push(retry),
    });
    sender.push(new Blob([new Uint8Array([1])]));
    sender.push(new Blob([new Uint8Array([2])]));
    await sender.flush();
    expect(sent.map((s) => [s.sequence, s.bytes[0]])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(errors).toEqual([true]);
  });

  it('gives up once the main process says the recording is over', async () => {
    const { bridge, sent } = fakeBridge({ 0: { code: 'recording_ended', message: 'ended' } });
    const sender = new ChunkSender({ bridge, recordingId: 'r1', retryBaseMs: 1 });
    sender.push(new Blob([new Uint8Array([1])]));
    sender.push(new Blob([new Uint8Array([2])]));
    await sender.flush();
    expect(sent).toEqual([]);
  });
});
