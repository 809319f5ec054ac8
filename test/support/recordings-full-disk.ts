/** Wraps a recording storage so its writes fail as a full disk does (ENOSPC) while `full` is set. */
import type { Readable } from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';
import type { RecordingStorage } from '../../server/recordings/recording-storage';

class FullDiskDataStore extends DataStore {
  full = false;

  constructor(private readonly inner: DataStore) {
    super();
    this.extensions = inner.extensions;
  }

  override create(upload: Upload): Promise<Upload> {
    return this.inner.create(upload);
  }
  override remove(id: string): Promise<void> {
    return this.inner.remove(id);
  }
  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    if (this.full) {
      stream.resume();
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return this.inner.write(stream, id, offset);
  }
  override getUpload(id: string): Promise<Upload> {
    return this.inner.getUpload(id);
  }
  override declareUploadLength(id: string, length: number): Promise<void> {
    return this.inner.declareUploadLength(id, length);
  }
}

export function withFullDisk(storage: RecordingStorage): RecordingStorage & { setFull(full: boolean): void } {
  const datastore = new FullDiskDataStore(storage.datastore);
  return { ...storage, datastore, setFull: (full) => (datastore.full = full) };
}
