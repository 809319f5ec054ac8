/**
 * SharedKeyV2's known-answer vectors (test/fixtures/sharedkey-v2.json, also printed in docs/service.md):
 * the signer reproduces them byte for byte, the service's verifier accepts them, and the canonical
 * query reads a query the way the service's parser does. The vectors were computed outside the project
 * with OpenSSL (the fixture's `reproduce` says how); node:crypto re-checks them here, so the fixture
 * cannot drift to agree with a broken signer (which uses @noble/hashes).
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySignedRequest } from '../../server/auth/verify-signed-request';
import {
  canonicalQuery,
  formatAuthorization,
  requestTarget,
  sha256Hex,
  signRequestHeaders,
  signSharedKeyV2,
  stringToSignV2,
} from '../../shared/signing/shared-key';
import { repoRoot } from '../support/fixtures';

interface Vector {
  name: string;
  keyId: string | number;
  secretKey: string;
  method: string;
  url: string;
  host: string;
  date: string;
  nonce: string;
  body: string;
  path: string;
  canonicalQuery: string;
  contentLength: number;
  contentSha256: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

const vectors = (
  JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/sharedkey-v2.json'), 'utf8')) as { vectors: Vector[] }
).vectors;

describe('SharedKeyV2 known-answer vectors', () => {
  it.each(vectors.map((v) => [v.name, v] as const))(
    'holds under node:crypto, not only our signer: %s',
    (_name, vector) => {
      expect(createHash('sha256').update(vector.body, 'utf8').digest('hex')).toBe(vector.contentSha256);
      expect(createHmac('sha256', vector.secretKey).update(vector.stringToSign, 'utf8').digest('base64')).toBe(
        vector.signature,
      );
    },
  );

  it.each(vectors.map((v) => [v.name, v] as const))('reproduces the vector: %s', (_name, vector) => {
    const body = new TextEncoder().encode(vector.body);
    expect(body.byteLength).toBe(vector.contentLength);
    expect(sha256Hex(body)).toBe(vector.contentSha256);
    const { path, query } = requestTarget(vector.url);
    expect(path).toBe(vector.path);
    expect(canonicalQuery(query)).toBe(vector.canonicalQuery);
    const parts = {
      method: vector.method,
      url: vector.url,
      host: vector.host,
      date: vector.date,
      contentLength: vector.contentLength,
      contentSha256: vector.contentSha256,
      nonce: vector.nonce,
    };
    expect(stringToSignV2(parts)).toBe(vector.stringToSign);
    expect(signSharedKeyV2(vector.secretKey, parts)).toBe(vector.signature);
    expect(formatAuthorization('SharedKeyV2', vector.keyId, vector.signature)).toBe(vector.authorization);
    // The client's one entry point gives the same headers from the full URL it will fetch.
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      keyId: vector.keyId,
      secretKey: vector.secretKey,
      method: vector.method,
      url: `http://${vector.host}${vector.url}#fragment-never-sent`,
      body,
      now: new Date(Date.parse(vector.date)),
      nonce: vector.nonce,
    });
    expect(headers.authorization).toBe(vector.authorization);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('the service verifies the vector: %s', async (_name, vector) => {
    const result = await verifySignedRequest(
      {
        method: vector.method,
        url: vector.url,
        headers: {
          host: vector.host,
          date: vector.date,
          authorization: vector.authorization,
          'x-vigil-content-sha256': vector.contentSha256,
          'x-vigil-nonce': vector.nonce,
        },
        body: new TextEncoder().encode(vector.body),
      },
      {
        keys: {
          resolve: async (keyId) =>
            keyId === String(vector.keyId)
              ? { principal: { kind: 'account', keyId } as never, secrets: [vector.secretKey], requireV2: true }
              : undefined,
        },
        nonces: { remember: async () => true },
        now: () => new Date(Date.parse(vector.date) + 1000),
      },
    );
    expect(result).toMatchObject({ ok: true, scheme: 'SharedKeyV2' });
  });

  it('docs/service.md prints the first vector, string to sign and signature', () => {
    const docs = readFileSync(join(repoRoot, 'docs/service.md'), 'utf8');
    const first = vectors[0]!;
    expect(docs).toContain(first.stringToSign);
    expect(docs).toContain(first.signature);
    expect(docs).toContain(first.secretKey);
  });
});

describe('canonical query', () => {
  it('sorts by key then value and writes RFC 3986 percent-encoding', () => {
    expect(canonicalQuery('b=2&a=2&a=1')).toBe('a=1&a=2&b=2');
    expect(canonicalQuery("?q=it's (ok)*!&x")).toBe('q=it%27s%20%28ok%29%2A%21&x=');
    expect(canonicalQuery('k=%c3%a9&&')).toBe('k=%C3%A9');
    expect(canonicalQuery('')).toBe('');
  });

  it('signs what the service parses: equivalent spellings agree, different meanings differ', () => {
    expect(canonicalQuery('a=b+c')).toBe(canonicalQuery('a=b%20c'));
    expect(canonicalQuery('a=%41')).toBe(canonicalQuery('a=A'));
    // `+` is a space to the service's parser, `%2B` a plus: they must not sign alike.
    expect(canonicalQuery('a=b+c')).not.toBe(canonicalQuery('a=b%2Bc'));
    expect(canonicalQuery('a=1&a=2')).not.toBe(canonicalQuery('a=1'));
    expect(canonicalQuery('a=1%262')).not.toBe(canonicalQuery('a=1&2'));
  });

  it('refuses what is not percent-encoding', () => {
    expect(() => canonicalQuery('a=%zz')).toThrow(URIError);
    expect(() => canonicalQuery('a=%')).toThrow(URIError);
  });

  it('takes a full URL the way fetch sends it and a request target literally', () => {
    expect(requestTarget('https://Exams.Example.org:8443/V1/x%20y?b=1#frag')).toEqual({
      path: '/V1/x%20y',
      query: 'b=1',
    });
    expect(requestTarget('/v1/a/../b?x=1?y')).toEqual({ path: '/v1/a/../b', query: 'x=1?y' });
  });

  it('a V2 signature needs a host: from a full URL, or given', () => {
    const base = { scheme: 'SharedKeyV2', keyId: 1, secretKey: 'k', method: 'GET' } as const;
    expect(() => signRequestHeaders({ ...base, url: '/v1/exams' })).toThrow(/Host/);
    const fromUrl = signRequestHeaders({ ...base, url: 'http://h.example:81/v1/exams', nonce: 'n'.repeat(22) });
    const given = signRequestHeaders({
      ...base,
      url: '/v1/exams',
      host: 'h.example:81',
      nonce: 'n'.repeat(22),
      now: new Date(Date.parse(fromUrl.date!)),
    });
    expect(given.authorization).toBe(fromUrl.authorization);
  });
});
