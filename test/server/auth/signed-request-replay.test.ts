/**
 * Replays and alterations of signed requests over real HTTP, with two service instances on one
 * database: a V1 signature is accepted once whichever instance sees it (403 `replayed`), a V1
 * signature re-spelled in base64 is not a new one, and V2 refuses another query or another Host.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatAuthorization, parseAuthorization, signRequestHeaders } from '../../../shared/signing/shared-key';
import { rawRequest } from '../../support/raw-request';
import { createAccount, type TestKey } from '../../support/service-client';
import {
  createTestDatabase,
  describeEachBackend,
  startTestService,
  type TestDatabase,
  type TestService,
} from '../../support/service-harness';

interface RawAnswer {
  status: number;
  body: { error?: { code: string; message: string } };
}

/** One request with exactly these headers (Host included): what an attacker replaying captured bytes sends. */
async function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<RawAnswer> {
  const response = await rawRequest(`${baseUrl}${path}`, { method, headers });
  return { status: response.status, body: response.body ? (JSON.parse(response.body) as RawAnswer['body']) : {} };
}

/** The same base64 signature with the last character's two spare bits set: it decodes to the same bytes. */
function respelled(authorization: string): string {
  const parsed = parseAuthorization(authorization)!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const last = parsed.signature.at(-2)!;
  const other = alphabet[alphabet.indexOf(last) | 0b11]!;
  const signature = `${parsed.signature.slice(0, -2)}${other}=`;
  expect(Buffer.from(signature, 'base64')).toEqual(Buffer.from(parsed.signature, 'base64'));
  expect(signature).not.toBe(parsed.signature);
  return formatAuthorization(parsed.scheme, parsed.keyId, signature);
}

describeEachBackend('signed requests cannot be replayed or altered', (backend) => {
  let database: TestDatabase;
  let a: TestService;
  let b: TestService;
  let v1Account: TestKey;
  let v2Account: TestKey;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    a = await startTestService(backend, {}, database);
    b = await startTestService(backend, {}, database);
    v1Account = { ...(await createAccount(a, 'Legacy integration', { allowV1: true })), scheme: 'SharedKey' };
    v2Account = await createAccount(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.dispose();
  });

  const hostOf = (service: TestService) => new URL(service.baseUrl).host;
  const signV1 = (path: string, now: Date) =>
    signRequestHeaders({ scheme: 'SharedKey', ...v1Account, method: 'GET', url: path, now });

  it('V1: accepted once; the same signature is refused as replayed on the other instance', async () => {
    const now = a.app.clock();
    const headers = signV1('/v1/webhooks', now);
    const first = await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: hostOf(a) });
    expect(first.status).toBe(200);
    const replay = await send(b.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: hostOf(b) });
    expect(replay.status).toBe(403);
    expect(replay.body.error).toMatchObject({ code: 'replayed' });
    expect((await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: hostOf(a) })).body.error?.code).toBe(
      'replayed',
    );
    // A genuine retry re-signs with a new Date and goes through.
    const retry = signV1('/v1/webhooks', new Date(now.getTime() + 1000));
    expect((await send(b.baseUrl, 'GET', '/v1/webhooks', { ...retry, host: hostOf(b) })).status).toBe(200);
  });

  it('V1: another base64 spelling of an accepted signature is not a new signature', async () => {
    const headers = signV1('/v1/webhooks', new Date(a.app.clock().getTime() - 5000));
    const forged = { ...headers, authorization: respelled(headers.authorization!), host: hostOf(a) };
    // Before and after the genuine one: never accepted.
    expect((await send(a.baseUrl, 'GET', '/v1/webhooks', forged)).body.error?.code).toBe('bad_signature');
    expect((await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: hostOf(a) })).status).toBe(200);
    expect((await send(b.baseUrl, 'GET', '/v1/webhooks', forged)).status).toBe(403);
  });

  it('V2: another base64 spelling of a signature is refused before the genuine request is sent', async () => {
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      ...v2Account,
      method: 'GET',
      url: `${a.baseUrl}/v1/webhooks`,
      now: a.app.clock(),
    });
    const forged = { ...headers, authorization: respelled(headers.authorization!), host: hostOf(a) };
    expect((await send(a.baseUrl, 'GET', '/v1/webhooks', forged)).body.error?.code).toBe('bad_signature');
    expect((await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: hostOf(a) })).status).toBe(200);
  });

  it('V2: a changed query string is refused', async () => {
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      ...v2Account,
      method: 'GET',
      url: `${a.baseUrl}/v1/webhooks?view=full&b=1`,
      now: a.app.clock(),
    });
    const altered = await send(a.baseUrl, 'GET', '/v1/webhooks?view=full&b=2', { ...headers, host: hostOf(a) });
    expect(altered.status).toBe(403);
    expect(altered.body.error).toMatchObject({ code: 'bad_signature' });
    const dropped = await send(a.baseUrl, 'GET', '/v1/webhooks?view=full', { ...headers, host: hostOf(a) });
    expect(dropped.body.error).toMatchObject({ code: 'bad_signature' });
    const malformed = await send(a.baseUrl, 'GET', '/v1/webhooks?view=%zz', { ...headers, host: hostOf(a) });
    expect(malformed.status).toBe(400);
    // The same pairs in another order and spelling are the same request (the canonical query).
    const reordered = await send(a.baseUrl, 'GET', '/v1/webhooks?b=%31&view=full', { ...headers, host: hostOf(a) });
    expect(reordered.status).toBe(200);
  });

  it('V2: a request signed for one Host is refused at another', async () => {
    const headers = signRequestHeaders({
      scheme: 'SharedKeyV2',
      ...v2Account,
      method: 'GET',
      url: 'https://staging.exams.example.org/v1/webhooks',
      now: a.app.clock(),
    });
    const elsewhere = await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: 'exams.example.org' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({ code: 'bad_signature' });
    const addressed = await send(a.baseUrl, 'GET', '/v1/webhooks', { ...headers, host: 'staging.exams.example.org' });
    expect(addressed.status).toBe(200);
  });
});
