/**
 * MediaRecorder writes WebM as a live stream: no Duration, no Cues, so players cannot seek.
 * This reads a recording once (streaming, memory bounded by one cluster) with ts-ebml, then writes
 * a copy whose header carries the duration, a SeekHead and Cues, followed by the original clusters
 * byte for byte. No ffmpeg needed.
 */
import { Readable } from 'node:stream';
import { Decoder, Reader, tools } from 'ts-ebml';

export interface WebmIndex {
  /** The header elements up to the first cluster, as ts-ebml decoded them. */
  metadatas: Reader['metadatas'];
  /** Bytes of the original before its first cluster. */
  metadataSize: number;
  /** In `timestampScale` units, as ts-ebml's reader computes it. */
  duration: number;
  timestampScale: number;
  cues: Reader['cues'];
}

/** Null when the bytes hold no cluster (nothing was recorded, or it is not WebM). */
export async function indexWebm(source: AsyncIterable<Uint8Array>): Promise<WebmIndex | null> {
  const decoder = new Decoder();
  const reader = new Reader();
  reader.logging = false;
  reader.use_segment_info = false;
  reader.drop_default_duration = false;
  let first = true;
  for await (const chunk of source) {
    if (first && !startsWithEbmlMagic(chunk)) return null;
    first = false;
    const bytes = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
    for (const element of decoder.decode(bytes)) reader.read(element);
  }
  reader.stop();
  if (reader.metadatas.length === 0 || reader.metadataSize === 0) return null;
  return {
    metadatas: reader.metadatas,
    metadataSize: reader.metadataSize,
    duration: reader.duration,
    timestampScale: reader.timestampScale,
    cues: reader.cues,
  };
}

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

function startsWithEbmlMagic(chunk: Uint8Array): boolean {
  return chunk.byteLength >= 4 && EBML_MAGIC.every((byte, index) => chunk[index] === byte);
}

export function durationMs(index: WebmIndex): number {
  return (index.duration * index.timestampScale) / 1_000_000;
}

/** The seekable copy: a rewritten header, then the original from its first cluster on. */
export function seekableWebm(index: WebmIndex, clusters: Readable): Readable {
  const header = encodeSeekableHeader(index);
  return Readable.from(
    (async function* () {
      yield header;
      yield* clusters;
    })(),
  );
}

/**
 * ts-ebml's encoder returns `Buffer.concat(...).buffer`, which for results under 4 KiB is Node's shared
 * allocation pool (8 KiB of unrelated bytes). With the pool switched off for this synchronous call the
 * ArrayBuffer is exactly the header.
 */
function encodeSeekableHeader(index: WebmIndex): Buffer {
  const poolSize = Buffer.poolSize;
  Buffer.poolSize = 0;
  try {
    return Buffer.from(tools.makeMetadataSeekable(index.metadatas, index.duration, index.cues));
  } finally {
    Buffer.poolSize = poolSize;
  }
}
