/**
 * Recordings on the service's local disk (the default): `<directory>/uploads/<id>` holds the bytes
 * exactly as received (with tus's `<id>.json` beside it), `<directory>/seekable/<id>.webm` the copy.
 * Every file is made durable before the service acknowledges it: data with fdatasync, new names and
 * replaced bookkeeping with a rename and a directory fsync.
 */
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS, Upload } from '@tus/utils';
import { fsyncDirectory } from '../../shared/node/durable-fs';
import { ensurePrivateDirectory } from '../lib/private-files';
import { DurableKvStore } from './durable-kv-store';
import {
  INSUFFICIENT_STORAGE,
  isOutOfSpace,
  type ByteRange,
  type RecordingStorage,
  type UploadRecovery,
} from './recording-storage';

const RECORDING_ID_PATTERN = /^[0-9a-f-]{36}$/;
const isRecordingId = (id: string) => RECORDING_ID_PATTERN.test(id);

/**
 * FileStore whose writes are fsynced before the offset is reported, whose bookkeeping is replaced
 * atomically, whose lost bookkeeping is rebuilt from the database, and whose full disk says 507.
 */
class DurableFileStore extends FileStore {
  recover: UploadRecovery | undefined;

  constructor(directory: string) {
    super({ directory, configstore: new DurableKvStore(directory, isRecordingId) });
  }

  override async create(upload: Upload): Promise<Upload> {
    if (!isRecordingId(upload.id)) throw ERRORS.FILE_NOT_FOUND;
    const path = join(this.directory, upload.id);
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fsyncDirectory(this.directory);
    await this.configstore.set(upload.id, upload);
    upload.storage = { type: 'file', path };
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    try {
      return await super.getUpload(id);
    } catch (error) {
      if (error !== ERRORS.FILE_NOT_FOUND || !(await this.rebuildBookkeeping(id))) throw error;
      return super.getUpload(id);
    }
  }

  /** The bookkeeping is gone or torn but the bytes are here: the database says what the upload was. */
  private async rebuildBookkeeping(id: string): Promise<boolean> {
    if (!this.recover || !isRecordingId(id)) return false;
    const exists = await stat(join(this.directory, id)).then(
      (stats) => stats.isFile(),
      () => false,
    );
    const known = exists ? await this.recover(id) : undefined;
    if (!known) return false;
    await this.configstore.set(
      id,
      new Upload({ id, size: known.size, offset: 0, metadata: known.metadata, creation_date: known.creationDate }),
    );
    return true;
  }

  override async write(readable: Readable, fileId: string, offset: number): Promise<number> {
    if (!isRecordingId(fileId)) throw ERRORS.FILE_NOT_FOUND;
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
  // The candidates' recordings: for the service's user alone (the files themselves are created 0600).
  for (const directory of [options.directory, uploads, seekable]) ensurePrivateDirectory(directory);
  const datastore = new DurableFileStore(uploads);
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
      const handle = await open(temporary, 'w', 0o600);
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
      await fsyncDirectory(seekable);
      return bytes;
    },
    setUploadRecovery(recover) {
      datastore.recover = recover;
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
