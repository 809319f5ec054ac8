/**
 * A real delivery to a loopback receiver carries the Standard Webhooks headers and verifies with the
 * reference `standardwebhooks` package given the account's webhook secret as it was shown; the id is
 * the same on a retry and signed, the timestamp is each attempt's; ExamUnit's X-Signature stays.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../../shared/signing/webhook-signature';
import { call, createAccount, launchCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  startWebhookReceiver,
  waitFor,
  type ReceiverAnswer,
  type WebhookReceiver,
} from '../../support/webhook-receiver';

/** Node's headers as the string record the package reads. */
function asRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

describeEachBackend('Standard Webhooks deliveries', (backend) => {
  let service: TestService;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    service = await startTestService(backend, {
      backgroundJobs: true,
      webhookRetryBaseMs: 1_100,
      webhookPollIntervalMs: 50,
      webhookTimeoutMs: 500,
    });
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(() => service?.close());

  async function accountWithReceiver(answer?: (index: number) => ReceiverAnswer) {
    const receiver = await startWebhookReceiver(answer);
    receivers.push(receiver);
    const account = await createAccount(service);
    const put = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
      key: account,
      body: { url: receiver.url, incidentTypes: ['SESSION_JOINED'] },
    });
    expect(put.status).toBe(200);
    return { receiver, account };
  }

  it('the standardwebhooks package verifies a real delivery with the secret exactly as it was shown', async () => {
    const { receiver, account } = await accountWithReceiver();
    expect(account.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const before = Math.floor(Date.now() / 1000);
    await launchCandidate(service, { account });
    await waitFor('one delivery', () => receiver.received.length === 1);
    const [webhook] = receiver.received;
    const headers = asRecord(webhook!.headers);

    expect(new Webhook(account.webhookSecret).verify(webhook!.rawBody, headers)).toEqual(webhook!.payload);
    expect(headers['webhook-id']).toBe(headers['x-vigil-delivery-id']);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const timestamp = Number(headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBe(Math.floor(Date.parse(webhook!.payload.timestamp) / 1000));
    expect(headers['x-vigil-event']).toBe('SESSION_JOINED');
    // ExamUnit's signature is still there and still right.
    expect(headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhookBody(account.webhookSecret, webhook!.rawBody));

    // The id is signed: the same body and signature under another id do not verify, nor does another body.
    const verifier = new Webhook(account.webhookSecret);
    expect(() => verifier.verify(webhook!.rawBody, { ...headers, 'webhook-id': 'another-delivery' })).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifier.verify(`${webhook!.rawBody} `, headers)).toThrow(WebhookVerificationError);
    // As is the timestamp: moved out of the package's 5-minute window, or just moved, it fails.
    expect(() =>
      verifier.verify(webhook!.rawBody, { ...headers, 'webhook-timestamp': String(timestamp - 600) }),
    ).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(webhook!.rawBody, { ...headers, 'webhook-timestamp': String(timestamp - 1) })).toThrow(
      WebhookVerificationError,
    );
  });

  it('a retry keeps webhook-id, takes a new webhook-timestamp, and each attempt verifies', async () => {
    const { receiver, account } = await accountWithReceiver((index) => (index === 0 ? 503 : 200));
    await launchCandidate(service, { account });
    await waitFor('two attempts', () => receiver.received.length === 2, 20_000);
    const [first, second] = receiver.received.map((webhook) => asRecord(webhook.headers));
    expect(second!['webhook-id']).toBe(first!['webhook-id']);
    expect(Number(second!['webhook-timestamp'])).toBeGreaterThan(Number(first!['webhook-timestamp']));
    expect(second!['webhook-signature']).not.toBe(first!['webhook-signature']);
    receiver.received.forEach((webhook, index) => {
      expect(
        new Webhook(account.webhookSecret).verify(webhook.rawBody, asRecord(webhook.headers)),
        `attempt ${index + 1}`,
      ).toEqual(webhook.payload);
    });
  });

  it('after POST /v1/account/webhook-secret the new secret, as shown, verifies the next delivery', async () => {
    const { receiver, account } = await accountWithReceiver();
    const rotated = await call<{ webhookSecret: string }>(service.baseUrl, 'POST', '/v1/account/webhook-secret', {
      key: account,
    });
    expect(rotated.status).toBe(200);
    await launchCandidate(service, { account });
    await waitFor('one delivery', () => receiver.received.length === 1);
    const [webhook] = receiver.received;
    const headers = asRecord(webhook!.headers);
    expect(new Webhook(rotated.body.webhookSecret).verify(webhook!.rawBody, headers)).toEqual(webhook!.payload);
    expect(() => new Webhook(account.webhookSecret).verify(webhook!.rawBody, headers)).toThrow(
      WebhookVerificationError,
    );
  });
});
