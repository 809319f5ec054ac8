/**
 * Recordings on the service's local disk (the default): `<directory>/uploads/<id>` holds the bytes
 * exactly as received (with tus's `<id>.json` beside it), `<directory>/seekable/<id>.webm` the copy.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS } from '@tus/utils';
import { INSUFFICIENT_STORAGE, isOutOfSpace, type ByteRange, type RecordingStorage } from './recording-storage';

const RECORDING_ID_PATTERN = /^[0-9a-f-]{36}$/;

/** FileStore whose writes are fsynced before the offset is reported, and whose full disk says 507. */
class DurableFileStore extends FileStore {
  override async write(readable: Readable, fileId: string, offset: number): Promise<number> {
    if (!RECORDING_ID_PATTERN.test(fileId)) throw ERRORS.FILE_NOT_FOUND;
    const handle = await open(join(this.directory, fileId), 'r+');
    let position = offset;
    try {
      for await (const chunk of readable) {
        const bytes = chunk as Buffer;
        await handle.write(bytes, 0, bytes.byteLength, position);
        position += bytes.byteLength;
      }
      // The client deletes its copy once we answer: the bytes must be on disk, not in the page cache.
      await handle.datasync();
    } catch (error) {
      if (isOutOfSpace(error)) throw INSUFFICIENT_STORAGE;
      throw ERRORS.FILE_WRITE_ERROR;
    } finally {
      await handle.close();
    }
    return position;
  }
}

export interface FileRecordingStorageOptions {
  directory: string;
  /** Refuse a PATCH (507) that would leave less than this free on the disk. */
  reserveBytes?: number;
  /** Free bytes of the disk holding `directory` (replaceable in tests). */
  freeBytes?: (directory: string) => Promise<number>;
}

async function statfsFreeBytes(directory: string): Promise<number> {
  const stats = await statfs(directory);
  return stats.bavail * stats.bsize;
}

export async function createFileRecordingStorage(options: FileRecordingStorageOptions): Promise<RecordingStorage> {
  const uploads = join(options.directory, 'uploads');
  const seekable = join(options.directory, 'seekable');
  await mkdir(uploads, { recursive: true });
  await mkdir(seekable, { recursive: true });
  const datastore = new DurableFileStore({ directory: uploads });
  const reserveBytes = options.reserveBytes ?? 256 * 1024 * 1024;
  const freeBytes = options.freeBytes ?? statfsFreeBytes;

  const pathOf = (recordingId: string, folder: string, suffix = '') => {
    if (!RECORDING_ID_PATTERN.test(recordingId)) throw new Error(`Invalid recording id ${recordingId}`);
    return join(folder, `${recordingId}${suffix}`);
  };
  const readStream = (path: string, range?: ByteRange) =>
    createReadStream(path, range ? { start: range.start, end: range.end } : {});

  return {
    kind: 'file',
    datastore,
    uploadIdFor: (recordingId) => recordingId,
    durableOffset: async (upload) => upload.offset,
    hasRoomFor: async (bytes) => (await freeBytes(options.directory)) - bytes >= reserveBytes,
    openOriginal: async (recordingId, range) => readStream(pathOf(recordingId, uploads), range),
    async writeSeekable(recordingId, source) {
      const target = pathOf(recordingId, seekable, '.webm');
      const temporary = `${target}.tmp`;
      const handle = await open(temporary, 'w');
      let bytes = 0;
      try {
        for await (const chunk of source) {
          const part = chunk as Buffer;
          await handle.write(part);
          bytes += part.byteLength;
        }
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
      return bytes;
    },
    openSeekable: async (recordingId, range) => readStream(pathOf(recordingId, seekable, '.webm'), range),
    async remove(recordingId) {
      await rm(pathOf(recordingId, uploads), { force: true });
      await rm(pathOf(recordingId, uploads, '.json'), { force: true });
      await rm(pathOf(recordingId, seekable, '.webm'), { force: true });
    },
    close: async () => {},
  };
}
