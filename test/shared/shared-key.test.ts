import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  parseAuthorization,
  signSharedKey,
  stringToSign,
  formatAuthorization,
} from '../../shared/signing/shared-key';
import { fixturePath } from '../support/fixtures';

interface Vector {
  name: string;
  accountId: number;
  secretKey: string;
  method: string;
  url?: string;
  path: string;
  date: string;
  contentLength: number;
  stringToSign: string;
  signature: string;
  authorization: string;
}

const vectors = (JSON.parse(readFileSync(fixturePath('signing/sharedkey.json'), 'utf8')) as { vectors: Vector[] })
  .vectors;

describe('SharedKey (StartExam) signing', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('reproduces the vector: %s', (_name, vector) => {
    const parts = {
      method: vector.method,
      url: vector.url ?? vector.path,
      date: vector.date,
      contentLength: vector.contentLength,
    };
    expect(canonicalPath(parts.url)).toBe(vector.path);
    expect(stringToSign(parts)).toBe(vector.stringToSign);
    const signature = signSharedKey(vector.secretKey, parts);
    expect(signature).toBe(vector.signature);
    expect(formatAuthorization('SharedKey', vector.accountId, signature)).toBe(vector.authorization);
  });

  it('parses a well-formed header and rejects malformed ones', () => {
    expect(parseAuthorization('SharedKey 500:TXbHhd5eF6CjwcCfuAd/4YAUlszFE7fOnQNmO+K8LV0=')).toEqual({
      scheme: 'SharedKey',
      keyId: '500',
      signature: 'TXbHhd5eF6CjwcCfuAd/4YAUlszFE7fOnQNmO+K8LV0=',
    });
    expect(parseAuthorization('Bearer abc')).toBeNull();
    expect(parseAuthorization('SharedKey 500')).toBeNull();
    expect(parseAuthorization('SharedKey 500:short=')).toBeNull();
  });

  it('drops scheme, host and query from a full URL', () => {
    expect(canonicalPath('https://Exams.Example.org:8443/V1/Client/Session?x=1#y')).toBe('/v1/client/session');
  });
});
