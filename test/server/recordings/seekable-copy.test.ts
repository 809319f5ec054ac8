import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { Decoder } from 'ts-ebml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingListSchema, type Recording } from '../../../shared/api/recordings';
import { durationMs, indexWebm, seekableWebm } from '../../../server/recordings/webm-seekable';
import { decodeFully, makeLiveWebm, missingFfmpeg, probeDurationSeconds } from '../../support/recordings-media';
import {
  createTestAccount,
  launchTestSession,
  startRecordingsService,
  type RunningRecordingsService,
} from '../../support/recordings-service';
import { signedFetch, type TestKey } from '../../support/recordings-signed-fetch';
import { createUpload, patchUpload } from '../../support/recordings-tus';
import { skipWithout } from '../../support/suite-requirement';
import { waitForValue } from '../../support/wait-for';

function elementNames(bytes: Buffer): string[] {
  const decoder = new Decoder();
  return decoder
    .decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    .map((e) => e.name);
}

const skip = skipWithout('Seekable copy of a MediaRecorder-style WebM', missingFfmpeg());

describe.skipIf(skip)('seekable copy of a MediaRecorder-style WebM', () => {
  let directory: string;
  let live: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-seekable-'));
    live = join(directory, 'live.webm');
    makeLiveWebm(live, 4);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('writes duration and cues that a live WebM lacks, keeping every cluster byte for byte', async () => {
    expect(probeDurationSeconds(live)).toBeNull();
    const index = await indexWebm(createReadStream(live));
    expect(index).not.toBeNull();
    expect(durationMs(index!)).toBeGreaterThan(3900);
    expect(durationMs(index!)).toBeLessThan(4300);
    const copy = join(directory, 'seekable.webm');
    await pipeline(
      seekableWebm(index!, createReadStream(live, { start: index!.metadataSize })),
      createWriteStream(copy),
    );

    expect(probeDurationSeconds(copy)).toBeCloseTo(durationMs(index!) / 1000, 2);
    decodeFully(copy);
    const copied = await readFile(copy);
    const original = await readFile(live);
    expect(elementNames(copied)).toContain('Cues');
    expect(elementNames(original)).not.toContain('Cues');
    const clusters = original.subarray(index!.metadataSize);
    expect(copied.subarray(copied.byteLength - clusters.byteLength).equals(clusters)).toBe(true);
  });

  it('finds no index in bytes that are not WebM', async () => {
    const junk = join(directory, 'junk.bin');
    await writeFile(junk, Buffer.alloc(5000, 7));
    expect(await indexWebm(createReadStream(junk))).toBeNull();
  });

  describe('through the service', () => {
    let dataDir: string;
    let service: RunningRecordingsService;
    let account: TestKey;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'vigil-seekable-service-'));
      service = await startRecordingsService({ dataDir });
      account = await createTestAccount(service.app);
    });
    afterAll(async () => {
      await service?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('lists the duration and serves the seekable copy with ?seekable=1, the original untouched', async () => {
      const session = await launchTestSession(service.baseUrl, account);
      const bytes = await readFile(live);
      const recordingId = randomUUID();
      await createUpload(
        service.baseUrl,
        session.key,
        { recordingId, sessionId: session.sessionId, kind: 'screen' },
        bytes.byteLength,
      );
      const half = Math.floor(bytes.byteLength / 2);
      expect((await patchUpload(service.baseUrl, session.key, recordingId, 0, bytes.subarray(0, half))).status).toBe(
        204,
      );
      expect((await patchUpload(service.baseUrl, session.key, recordingId, half, bytes.subarray(half))).status).toBe(
        204,
      );

      const recording: Recording = await waitForValue(
        async () => {
          const response = await signedFetch(
            service.baseUrl,
            account,
            'GET',
            `/v1/sessions/${session.sessionId}/recordings`,
          );
          return recordingListSchema.parse(await response.json()).recordings.find((r) => r.id === recordingId);
        },
        (listed) => listed?.seekable === true,
        { describe: 'the seekable copy of the uploaded recording', timeoutMs: 5_000, intervalMs: 50 },
      ).then((listed) => listed!);
      expect(recording).toMatchObject({ seekable: true, complete: true, kind: 'screen' });
      expect(recording!.durationMs).toBeGreaterThan(3900);

      const path = `/v1/sessions/${session.sessionId}/recordings/${recordingId}`;
      const seekable = await signedFetch(service.baseUrl, account, 'GET', `${path}?seekable=1`);
      expect(seekable.status).toBe(200);
      const seekableFile = join(dataDir, 'downloaded-seekable.webm');
      await writeFile(seekableFile, Buffer.from(await seekable.arrayBuffer()));
      expect(probeDurationSeconds(seekableFile)).toBeCloseTo(recording!.durationMs! / 1000, 1);

      const original = Buffer.from(await (await signedFetch(service.baseUrl, account, 'GET', path)).arrayBuffer());
      expect(original.equals(bytes)).toBe(true);
    });
  });
});
