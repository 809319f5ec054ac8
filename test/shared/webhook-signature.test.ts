/**
 * The webhook X-Signature known-answer vector (test/fixtures/webhook-signature.json, also in
 * docs/service.md), computed outside the project with OpenSSL (the fixture's `reproduce`) and
 * re-checked with node:crypto, so it cannot drift to agree with a broken signer.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookPayloadSchema } from '../../shared/api/webhooks';
import { signWebhookBody } from '../../shared/signing/webhook-signature';
import { repoRoot } from '../support/fixtures';

const fixture = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/webhook-signature.json'), 'utf8')) as {
  vectors: { name: string; webhookSecret: string; body: string; signature: string }[];
};

describe('webhook X-Signature known-answer vector', () => {
  it.each(fixture.vectors.map((v) => [v.name, v] as const))('reproduces %s', (_name, vector) => {
    expect(webhookPayloadSchema.parse(JSON.parse(vector.body))).toBeTruthy();
    expect(createHmac('sha256', vector.webhookSecret).update(vector.body, 'utf8').digest('hex')).toBe(vector.signature);
    expect(signWebhookBody(vector.webhookSecret, vector.body)).toBe(vector.signature);
    expect(signWebhookBody(vector.webhookSecret, new TextEncoder().encode(vector.body))).toBe(vector.signature);
  });

  it('docs/service.md prints the vector', () => {
    const docs = readFileSync(join(repoRoot, 'docs/service.md'), 'utf8');
    const vector = fixture.vectors[0]!;
    expect(docs).toContain(vector.webhookSecret);
    expect(docs).toContain(vector.signature);
    expect(docs).toContain(vector.body);
  });
});
