/**
 * A local S3-protocol server for the S3 store tests: s3rver on 127.0.0.1, port 0, plus the three
 * things @tus/s3-store needs that s3rver 3 lacks or does loosely — ListParts, AbortMultipartUpload,
 * and all-or-nothing PUTs (real S3 never stores a body cut short; s3rver would keep the fragment).
 */
import { createRequire } from 'node:module';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  req: Readable;
  status: number;
  body: unknown;
  type: string;
  set(name: string, value: string): void;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
}

interface S3rverInstance {
  middleware: Middleware[];
  store: FilesystemStore;
  run(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const S3_TEST_BUCKET = 'vigil-recordings';

export interface RunningS3Server {
  port: number;
  endpoint: string;
  /** VIGIL_STORAGE_URL for this server. */
  storageUrl(prefix?: string): string;
  /** Environment a service process needs to reach it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

function noSuchUpload(ctx: KoaContext, uploadId: string): void {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`;
}

/** `port` 0 picks a free one; a given port restarts a stopped server where it was (same directory, same data). */
export async function startS3Server(directory: string, port = 0): Promise<RunningS3Server> {
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: S3_TEST_BUCKET }],
  });
  const uploadDirectory = (bucket: string, uploadId: string) =>
    join(server.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);

  const shim: Middleware = async (ctx, next) => {
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'GET' && uploadId !== undefined && keyParts.length > 0) {
      const parts = await listParts(uploadDirectory(bucket, uploadId)).catch(() => null);
      if (!parts) return noSuchUpload(ctx, uploadId);
      ctx.type = 'application/xml';
      ctx.body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<ListPartsResult><Bucket>${bucket}</Bucket><Key>${keyParts.join('/')}</Key><UploadId>${uploadId}</UploadId>`,
        '<PartNumberMarker>0</PartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>',
        ...parts.map(
          (part) =>
            `<Part><PartNumber>${part.number}</PartNumber><ETag>"${part.etag}"</ETag><Size>${part.size}</Size></Part>`,
        ),
        '</ListPartsResult>',
      ].join('');
      return;
    }
    if (ctx.method === 'DELETE' && uploadId !== undefined) {
      const where = uploadDirectory(bucket, uploadId);
      if (!(await stat(where).catch(() => null))) return noSuchUpload(ctx, uploadId);
      await rm(where, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'PUT' && ctx.headers['content-length'] !== undefined) {
      const expected = Number(ctx.headers['content-length']);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      } catch {
        return; // The client went away: store nothing.
      }
      const body = Buffer.concat(chunks);
      if (body.byteLength !== expected) {
        ctx.status = 400;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>IncompleteBody</Code></Error>';
        return;
      }
      ctx.req = Readable.from([body]);
    }
    await next();
  };
  server.middleware.unshift(shim);
  const bound = (await server.run()).port;
  const endpoint = `http://127.0.0.1:${bound}`;
  return {
    port: bound,
    endpoint,
    storageUrl: (prefix = 'recordings') =>
      `s3://${S3_TEST_BUCKET}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=true`,
    env: {
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    },
    close: () => server.close(),
  };
}

async function listParts(directory: string): Promise<{ number: number; etag: string; size: number }[]> {
  const names = await readdir(directory);
  const parts = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const { size } = await stat(join(directory, name));
    const etag = (await readFile(join(directory, `${name}.md5`), 'utf8').catch(() => '')).trim();
    parts.push({ number: Number(name), etag, size });
  }
  return parts.sort((a, b) => a.number - b.number);
}
