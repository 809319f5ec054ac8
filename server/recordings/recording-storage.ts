/**
 * Where recordings live: the tus DataStore the uploads are written through, plus the reads and
 * writes the service needs around it (the original for download and hashing, the seekable copy).
 * Local disk (file-recording-storage.ts) and S3 (s3-recording-storage.ts) implement it.
 */
import type { Readable } from 'node:stream';
import type { DataStore, Upload } from '@tus/utils';

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

/** What the database knows of an upload, enough to rebuild tus's bookkeeping for it. */
export interface KnownUpload {
  /** Undefined while the length is deferred. */
  size: number | undefined;
  metadata: Record<string, string>;
  creationDate: string;
}

/** Looks a recording up in the database; undefined when the service never accepted it. */
export type UploadRecovery = (recordingId: string) => Promise<KnownUpload | undefined>;

export interface RecordingStorage {
  readonly kind: 'file' | 's3';
  readonly datastore: DataStore;
  /** The store key of a recording's upload (S3 adds the URL's prefix). */
  uploadIdFor(recordingId: string): string;
  /**
   * The bytes that would survive the service dying now. The S3 store keeps the tail of an upload
   * smaller than one part as a separate object it deletes and re-uploads on the next PATCH, so
   * those bytes are received but not yet safe: the client must keep them.
   */
  durableOffset(upload: Upload): Promise<number>;
  /** False when a write of this many bytes would run the local disk out of space. */
  hasRoomFor(bytes: number): Promise<boolean>;
  openOriginal(recordingId: string, range?: ByteRange): Promise<Readable>;
  writeSeekable(recordingId: string, source: Readable): Promise<number>;
  openSeekable(recordingId: string, range?: ByteRange): Promise<Readable>;
  /**
   * Where to rebuild an upload's bookkeeping from when it is missing or unreadable while the
   * upload's bytes exist (the file store; S3's bookkeeping objects are written whole or not at all).
   */
  setUploadRecovery(recover: UploadRecovery): void;
  /** Deletes the upload, its bookkeeping and its seekable copy; missing pieces are not an error. */
  remove(recordingId: string): Promise<void>;
  close(): Promise<void>;
}

/** Errors a full disk or quota raises, which the service answers with 507. */
export function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export const INSUFFICIENT_STORAGE = {
  status_code: 507,
  body: 'Insufficient Storage: the service is out of disk space\n',
};
