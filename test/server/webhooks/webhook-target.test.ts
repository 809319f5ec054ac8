/**
 * Webhook targets: a tenant cannot make the service POST to loopback, link-local (cloud metadata),
 * private, CGNAT or unique-local addresses, in any spelling, neither when the URL is set (400) nor
 * when a name resolves there at delivery time (DNS rebinding: the connection uses the checked address).
 * test/setup.ts sets VIGIL_WEBHOOK_ALLOW_PRIVATE=1 for the suite; these tests run with it unset.
 * Before the fix every one of these URLs was accepted and delivered to.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from '../../../server/webhooks/webhook-sender';
import { checkWebhookUrl, isForbiddenAddress } from '../../../server/webhooks/webhook-target';
import { call, createAccount, launchCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../../support/webhook-receiver';

const ALLOW = 'VIGIL_WEBHOOK_ALLOW_PRIVATE';

function withPrivateTargetsRefused(): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env[ALLOW];
    delete process.env[ALLOW];
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[ALLOW];
    else process.env[ALLOW] = saved;
  });
}

const FORBIDDEN = [
  '127.0.0.1',
  '127.255.255.254',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.254',
  '0.0.0.0',
  '::1',
  '::',
  'fe80::1',
  'fc00::1',
  'fd12:3456::1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:10.0.0.1',
  '::ffff:a9fe:a9fe',
  '::127.0.0.1',
  '64:ff9b::a00:1',
];
const ALLOWED = ['8.8.8.8', '1.1.1.1', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

describe('isForbiddenAddress', () => {
  it.each(FORBIDDEN)('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));
  it.each(ALLOWED)('allows %s', (address) => expect(isForbiddenAddress(address)).toBe(false));
});

describe('checkWebhookUrl with private targets refused', () => {
  withPrivateTargetsRefused();

  it.each([
    'http://127.0.0.1:9/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'https://10.1.2.3/hook',
    'http://100.64.1.1/hook',
    'http://[fd00::1]/hook',
    'http://localhost:8080/hook',
  ])('refuses %s', async (url) => expect(await checkWebhookUrl(url)).toMatch(/only public addresses/));

  it('accepts a public address', async () => {
    expect(await checkWebhookUrl('https://93.184.215.14/hooks')).toBeNull();
  });

  it('VIGIL_WEBHOOK_ALLOW_PRIVATE=1 allows them (development and tests)', async () => {
    process.env[ALLOW] = '1';
    try {
      expect(await checkWebhookUrl('http://127.0.0.1:9/hook')).toBeNull();
    } finally {
      delete process.env[ALLOW];
    }
  });
});

describe('sendWebhook at delivery time', () => {
  withPrivateTargetsRefused();
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver?.close());

  const attempt = (url: string) =>
    sendWebhook({
      url,
      deliveryId: randomUUID(),
      attempt: 1,
      payload: { triggeredAt: new Date().toISOString() } as never,
      secretKey: 'k',
      timestamp: new Date(),
      timeoutMs: 2_000,
    });

  it('refuses a name that resolves to loopback, and the receiver gets nothing', async () => {
    const port = new URL(receiver.url).port;
    const result = await attempt(`http://localhost:${port}/hook`);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/127\.0\.0\.1.*only public addresses/);
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a literal private address', async () => {
    const result = await attempt(receiver.url);
    expect(result.error).toMatch(/only public addresses/);
    expect(receiver.received).toHaveLength(0);
  });

  it('delivers to the same receiver when private targets are allowed', async () => {
    process.env[ALLOW] = '1';
    try {
      const port = new URL(receiver.url).port;
      expect(await attempt(`http://localhost:${port}/hook`)).toEqual({ statusCode: 200, error: null });
      expect(receiver.received).toHaveLength(1);
    } finally {
      delete process.env[ALLOW];
    }
  });
});

describeEachBackend('webhook URLs on the service', (backend) => {
  withPrivateTargetsRefused();
  let service: TestService;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    service = await startTestService(backend, {
      backgroundJobs: true,
      webhookRetryBaseMs: 60_000,
      webhookPollIntervalMs: 50,
      webhookTimeoutMs: 1_000,
    });
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(() => service?.close());

  it('PUT /v1/webhooks refuses a private target with 400 and the envelope, and keeps the old URL', async () => {
    const account = await createAccount(service);
    for (const url of ['http://127.0.0.1:9/hook', 'http://[::ffff:169.254.169.254]/', 'http://localhost/hook']) {
      const put = await call(service.baseUrl, 'PUT', '/v1/webhooks', {
        key: account,
        now: service.app.clock(),
        body: { url, incidentTypes: [] },
      });
      expect(put.status).toBe(400);
      expect(put.body).toMatchObject({
        error: { code: 'validation_failed', message: expect.stringMatching(/public/) },
      });
    }
    const read = await call<{ url: string | null }>(service.baseUrl, 'GET', '/v1/webhooks', {
      key: account,
      now: service.app.clock(),
    });
    expect(read.body.url).toBeNull();
  });

  it('a URL whose name resolves to loopback by delivery time is not delivered to (DNS rebinding)', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const account = await createAccount(service);
    // As if the name had resolved to a public address when it was set: stored without the set-time check.
    const url = `http://localhost:${new URL(receiver.url).port}/hook`;
    await service.app.repositories.accounts.updateWebhook(Number(account.keyId), url, []);
    const candidate = await launchCandidate(service, { account });
    const [row] = await waitFor('a refused attempt', async () => {
      const rows = await service.app.repositories.webhookOutbox.listForSession(candidate.session.sessionId);
      return rows.length > 0 && rows.every((r) => r.last_error !== null) ? rows : undefined;
    });
    expect(row!.last_status_code).toBeNull();
    expect(row!.last_error).toMatch(/127\.0\.0\.1.*only public addresses/);
    expect(receiver.received).toHaveLength(0);
  });
});
