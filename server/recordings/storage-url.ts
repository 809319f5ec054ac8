/**
 * `VIGIL_STORAGE_URL`: where recordings go.
 *   (unset)                       local disk, `<dataDir>/recordings`
 *   file:///srv/vigil/recordings  local disk at that path
 *   s3://bucket/optional/prefix?region=eu-west-1&endpoint=http://127.0.0.1:9000&forcePathStyle=true&partSize=8388608
 * Credentials for S3 come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
 * AWS_PROFILE, instance roles), never from the URL, so the URL can be logged.
 */
import { fileURLToPath } from 'node:url';

export type StorageLocation =
  | { kind: 'file'; directory: string }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix without a leading slash, ending in `/` when not empty. */
      prefix: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      partSize?: number;
    };

export function parseStorageUrl(url: string): StorageLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`VIGIL_STORAGE_URL is not a URL: ${url}`);
  }
  if (parsed.protocol === 'file:') return { kind: 'file', directory: fileURLToPath(parsed) };
  if (parsed.protocol !== 's3:') throw new Error(`VIGIL_STORAGE_URL must be file:// or s3://, not ${parsed.protocol}`);
  if (parsed.username || parsed.password) {
    throw new Error('VIGIL_STORAGE_URL must not carry credentials: use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY');
  }
  const bucket = parsed.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`Invalid S3 bucket name: ${bucket}`);
  const path = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  const partSize = parsed.searchParams.get('partSize');
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
  return {
    kind: 's3',
    bucket,
    prefix: path ? `${path}/` : '',
    region: parsed.searchParams.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: parsed.searchParams.get('forcePathStyle') === 'true',
    ...(partSize ? { partSize: Number(partSize) } : {}),
  };
}
