/**
 * Recordings in an S3 bucket (AWS S3, MinIO, any S3-compatible store) through @tus/s3-store:
 * `<prefix><id>` is the object as uploaded, `<prefix><id>.info` tus's bookkeeping, `<prefix><id>.part`
 * a tail shorter than one part while the upload runs, `<prefix>seekable/<id>.webm` the seekable copy.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import type { Upload } from '@tus/utils';
import type { ByteRange, RecordingStorage } from './recording-storage';
import type { StorageLocation } from './storage-url';

type S3Location = Extract<StorageLocation, { kind: 's3' }>;

class DurableOffsetS3Store extends S3Store {
  /** Bytes in completed multipart parts: the `.part` tail is deleted and re-sent on every PATCH. */
  async completedPartBytes(upload: Upload): Promise<number> {
    if (upload.size !== undefined && upload.offset === upload.size) return upload.offset;
    try {
      const parts = await this.retrieveParts(upload.id);
      return parts.reduce((sum, part) => sum + (part.Size ?? 0), 0);
    } catch {
      // The multipart upload is gone: it was completed, so everything is in the final object.
      return upload.offset;
    }
  }
}

export interface S3RecordingStorageOptions {
  location: S3Location;
  /** Explicit credentials (tests); otherwise the AWS SDK's default chain. */
  credentials?: S3ClientConfig['credentials'];
}

export function createS3RecordingStorage(options: S3RecordingStorageOptions): RecordingStorage {
  const { location } = options;
  const clientConfig: S3ClientConfig = {
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Newer SDKs add CRC32 trailers (aws-chunked bodies) that many S3-compatible stores reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  const datastore = new DurableOffsetS3Store({
    ...(location.partSize ? { partSize: location.partSize } : {}),
    s3ClientConfig: { ...clientConfig, bucket: location.bucket },
  });
  const client = new S3(clientConfig);
  const Bucket = location.bucket;
  const originalKey = (recordingId: string) => `${location.prefix}${recordingId}`;
  const seekableKey = (recordingId: string) => `${location.prefix}seekable/${recordingId}.webm`;

  async function getObject(Key: string, range?: ByteRange): Promise<Readable> {
    const response = await client.getObject({
      Bucket,
      Key,
      ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
    });
    return response.Body as Readable;
  }

  return {
    kind: 's3',
    datastore,
    uploadIdFor: originalKey,
    durableOffset: (upload) => datastore.completedPartBytes(upload),
    hasRoomFor: async () => true,
    openOriginal: (recordingId, range) => getObject(originalKey(recordingId), range),
    async writeSeekable(recordingId, source) {
      // PutObject needs a length up front: stage the copy on local disk first.
      const directory = await mkdtemp(join(tmpdir(), 'vigil-seekable-'));
      const staged = join(directory, 'copy.webm');
      try {
        await writeFile(staged, '');
        const handle = await open(staged, 'w');
        try {
          for await (const chunk of source) await handle.write(chunk as Buffer);
        } finally {
          await handle.close();
        }
        const { size } = await stat(staged);
        await client.putObject({
          Bucket,
          Key: seekableKey(recordingId),
          Body: createReadStream(staged),
          ContentLength: size,
          ContentType: 'video/webm',
        });
        return size;
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    // S3 writes each `.info` object whole or not at all, so there is no torn bookkeeping to rebuild.
    setUploadRecovery: () => undefined,
    openSeekable: (recordingId, range) => getObject(seekableKey(recordingId), range),
    async remove(recordingId) {
      const key = originalKey(recordingId);
      // An unfinished upload also has a multipart upload to abort; a finished one has none.
      await datastore.remove(key).catch(() => undefined);
      await client.deleteObjects({
        Bucket,
        Delete: {
          Objects: [{ Key: key }, { Key: `${key}.info` }, { Key: `${key}.part` }, { Key: seekableKey(recordingId) }],
          Quiet: true,
        },
      });
    },
    close: async () => {
      client.destroy();
    },
  };
}
