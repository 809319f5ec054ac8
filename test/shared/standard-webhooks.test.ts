/**
 * Standard Webhooks signing (shared/signing/standard-webhooks.ts) against the reference
 * implementation, the `standardwebhooks` package: the known-answer vector, both secret alphabets,
 * several signatures at once, and the verifier's refusals (a changed id or body, a stale timestamp).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  signStandardWebhook,
  standardWebhookHeaders,
  standardWebhookKey,
  standardWebhookSecret,
  verifyStandardWebhook,
} from '../../shared/signing/standard-webhooks';
import { repoRoot } from '../support/fixtures';

const fixture = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/standard-webhooks.json'), 'utf8')) as {
  vectors: {
    name: string;
    webhookSecret: string;
    webhookId: string;
    webhookTimestamp: number;
    body: string;
    signature: string;
  }[];
};
const vector = fixture.vectors[0]!;
const atVector = new Date(vector.webhookTimestamp * 1000);

describe('Standard Webhooks signatures', () => {
  it('reproduces the known-answer vector (made by the standardwebhooks package), from text and from bytes', () => {
    const message = { id: vector.webhookId, timestampSeconds: vector.webhookTimestamp, body: vector.body };
    expect(signStandardWebhook([vector.webhookSecret], message)).toBe(vector.signature);
    expect(
      signStandardWebhook([vector.webhookSecret], { ...message, body: new TextEncoder().encode(vector.body) }),
    ).toBe(vector.signature);
  });

  it('docs/service.md prints the vector', () => {
    const docs = readFileSync(join(repoRoot, 'docs/service.md'), 'utf8');
    for (const part of [vector.webhookSecret, vector.webhookId, String(vector.webhookTimestamp), vector.signature]) {
      expect(docs).toContain(part);
    }
  });

  it('a secret issued as base64url (before issue 19) stands for the same key as its standard-base64 spelling', () => {
    const key = randomBytes(32);
    const legacy = `whsec_${key.toString('base64url')}`;
    const standard = `whsec_${key.toString('base64')}`;
    expect(Buffer.from(standardWebhookKey(legacy))).toEqual(key);
    expect(Buffer.from(standardWebhookKey(standard))).toEqual(key);
    expect(standardWebhookSecret(legacy)).toBe(standard);
    const message = { id: 'd-1', timestampSeconds: Math.floor(Date.now() / 1000), body: '{"a":1}' };
    const headers = standardWebhookHeaders([legacy], message);
    // The package takes the standard spelling of the same key.
    expect(new Webhook(standardWebhookSecret(legacy)).verify(message.body, headers)).toEqual({ a: 1 });
  });

  it('an account still signed with its hex SecretKey verifies with that text given to the package as is', () => {
    const secretKey = randomBytes(32).toString('hex');
    const message = { id: 'd-2', timestampSeconds: Math.floor(Date.now() / 1000), body: '{"b":2}' };
    expect(new Webhook(secretKey).verify(message.body, standardWebhookHeaders([secretKey], message))).toEqual({ b: 2 });
  });

  it('a secret that is not base64 is keyed with its bytes, as the package reads it with format: raw', () => {
    const message = { id: 'd-4', timestampSeconds: Math.floor(Date.now() / 1000), body: '{"d":4}' };
    for (const secret of ['k', 'not base64!']) {
      const headers = standardWebhookHeaders([secret], message);
      expect(new Webhook(secret, { format: 'raw' }).verify(message.body, headers)).toEqual({ d: 4 });
    }
  });

  it('two secrets give two space-separated signatures, each verifying with its own secret', () => {
    const [oldSecret, newSecret] = [0, 1].map(() => `whsec_${randomBytes(32).toString('base64')}`);
    const message = { id: 'd-3', timestampSeconds: Math.floor(Date.now() / 1000), body: '{"c":3}' };
    const headers = standardWebhookHeaders([newSecret!, oldSecret!], message);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret!).verify(message.body, headers)).toEqual({ c: 3 });
    expect(new Webhook(newSecret!).verify(message.body, headers)).toEqual({ c: 3 });
    expect(verifyStandardWebhook(oldSecret!, message.body, headers)).toMatchObject({ ok: true, id: 'd-3' });
  });

  it('the verifier refuses a changed id, a changed body, a stale or future timestamp, missing headers', () => {
    const headers = {
      'webhook-id': vector.webhookId,
      'webhook-timestamp': String(vector.webhookTimestamp),
      'webhook-signature': vector.signature,
    };
    expect(verifyStandardWebhook(vector.webhookSecret, vector.body, headers, atVector)).toMatchObject({ ok: true });
    expect(
      verifyStandardWebhook(vector.webhookSecret, vector.body, { ...headers, 'webhook-id': 'other' }, atVector),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyStandardWebhook(vector.webhookSecret, `${vector.body} `, headers, atVector)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      verifyStandardWebhook(vector.webhookSecret, vector.body, headers, new Date(atVector.getTime() + 301_000)),
    ).toEqual({ ok: false, reason: 'outside_window' });
    expect(
      verifyStandardWebhook(vector.webhookSecret, vector.body, headers, new Date(atVector.getTime() - 301_000)),
    ).toEqual({ ok: false, reason: 'outside_window' });
    expect(
      verifyStandardWebhook(vector.webhookSecret, vector.body, { ...headers, 'webhook-timestamp': '1e9' }, atVector),
    ).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifyStandardWebhook(vector.webhookSecret, vector.body, {}, atVector)).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
  });
});
