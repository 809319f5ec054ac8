/** Raw tus requests for tests that poke the endpoint directly (the uploader has its own client). */
import { createHash } from 'node:crypto';
import { CLIENT_RECORDINGS_PATH } from '../../shared/api/recordings';
import { signedFetch, type TestKey } from './recordings-signed-fetch';

export function tusMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export function createUpload(
  baseUrl: string,
  key: TestKey,
  metadata: Record<string, string>,
  length?: number,
): Promise<Response> {
  return signedFetch(baseUrl, key, 'POST', CLIENT_RECORDINGS_PATH, {
    headers: {
      'tus-resumable': '1.0.0',
      'upload-metadata': tusMetadata(metadata),
      ...(length === undefined ? { 'upload-defer-length': '1' } : { 'upload-length': String(length) }),
    },
  });
}

export function headUpload(baseUrl: string, key: TestKey, recordingId: string): Promise<Response> {
  return signedFetch(baseUrl, key, 'HEAD', `${CLIENT_RECORDINGS_PATH}/${recordingId}`, {
    headers: { 'tus-resumable': '1.0.0' },
  });
}

export function patchUpload(
  baseUrl: string,
  key: TestKey,
  recordingId: string,
  offset: number,
  body: Uint8Array,
  options: { checksum?: string | null; uploadLength?: number } = {},
): Promise<Response> {
  const checksum =
    options.checksum === undefined ? `sha256 ${createHash('sha256').update(body).digest('base64')}` : options.checksum;
  return signedFetch(baseUrl, key, 'PATCH', `${CLIENT_RECORDINGS_PATH}/${recordingId}`, {
    body,
    headers: {
      'tus-resumable': '1.0.0',
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      ...(checksum === null ? {} : { 'upload-checksum': checksum }),
      ...(options.uploadLength === undefined ? {} : { 'upload-length': String(options.uploadLength) }),
    },
  });
}
