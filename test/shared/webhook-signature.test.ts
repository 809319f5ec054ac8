/** The webhook X-Signature known-answer vector (test/fixtures/webhook-signature.json, also in docs/service.md). */
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
