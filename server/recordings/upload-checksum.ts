/** The tus checksum extension: `Upload-Checksum: sha256 <base64 digest of this PATCH's body>`. */
import { createHash } from 'node:crypto';

export const CHECKSUM_ALGORITHMS = ['sha256'] as const;
/** tus's status for a body whose checksum does not match. */
export const CHECKSUM_MISMATCH_STATUS = 460;

export type ChecksumVerdict = 'absent' | 'match' | 'mismatch' | 'unsupported';

export function checkUploadChecksum(header: string | undefined, body: Uint8Array): ChecksumVerdict {
  if (header === undefined || header === '') return 'absent';
  const [algorithm, digest, ...rest] = header.trim().split(' ');
  if (rest.length > 0 || !digest || algorithm !== 'sha256') return 'unsupported';
  return createHash('sha256').update(body).digest('base64') === digest ? 'match' : 'mismatch';
}
