/** Issue 10: the service MACs every answer it gives a session key (and the launch), and only those. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pinnedSignatureCheck } from '../../../main/api/service-signature';
import {
  RESPONSE_MAC_HEADER,
  RESPONSE_SIGNATURE_HEADER,
  launchResponseKey,
  responseMac,
  responseStringToSign,
  type AnsweredRequest,
} from '../../../shared/signing/response-mac';
import { NONCE_HEADER, createNonce, formatHttpDate, signRequestHeaders } from '../../../shared/signing/shared-key';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';

interface RawAnswer {
  status: number;
  text: string;
  mac: string | null;
  signature: string | null;
  request: AnsweredRequest;
}

describeEachBackend('response MACs', (backend) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(backend);
  });
  afterAll(() => service?.close());

  /** A request whose answer is kept as the exact text received, with the Date and nonce it was sent with. */
  async function send(
    method: string,
    path: string,
    options: { key?: TestKey; body?: unknown } = {},
  ): Promise<RawAnswer> {
    const url = `${service.baseUrl}${path}`;
    const body = options.body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(options.body));
    const headers: Record<string, string> = options.key
      ? signRequestHeaders({ scheme: 'SharedKeyV2', ...options.key, method, url, body })
      : { date: formatHttpDate(new Date()), [NONCE_HEADER]: createNonce() };
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    return {
      status: response.status,
      text: await response.text(),
      mac: response.headers.get(RESPONSE_MAC_HEADER),
      signature: response.headers.get(RESPONSE_SIGNATURE_HEADER),
      request: { method, url: path, date: headers.date ?? '', nonce: headers[NONCE_HEADER] ?? '' },
    };
  }

  /** The MAC with `key` and the service's Ed25519 signature (as a pinning client checks it) both hold. */
  const verifies = (key: string, answer: RawAnswer) =>
    answer.mac === responseMac(key, answer.request, answer.status, answer.text) &&
    pinnedSignatureCheck([service.app.responseSigner.publicKey])!(
      responseStringToSign(answer.request, answer.status, answer.text),
      answer.signature ?? undefined,
    );

  it('MACs the launch answer, refusals included, with the key derived from the launch code', async () => {
    const { session } = await launchCandidate(service);
    const refused = await send('POST', '/v1/client/launch', {
      body: { launchCode: session.launchCode, client: { version: '1', platform: 'linux', kind: 'desktop' } },
    });
    expect(refused.status).toBe(410); // launchCandidate used it
    expect(verifies(launchResponseKey(session.launchCode), refused)).toBe(true);

    const unknown = 'U'.repeat(32);
    const notFound = await send('POST', '/v1/client/launch', {
      body: { launchCode: unknown, client: { version: '1', platform: 'linux', kind: 'desktop' } },
    });
    expect(notFound.status).toBe(404);
    expect(verifies(launchResponseKey(unknown), notFound)).toBe(true);
    // Bound to this request: the same bytes do not verify for another nonce.
    expect(verifies(launchResponseKey(unknown), { ...notFound, request: { ...notFound.request, nonce: 'x' } })).toBe(
      false,
    );
  });

  it('MACs every answer to the session key, errors after authentication included', async () => {
    const { sessionKey } = await launchCandidate(service);
    const described = await send('GET', '/v1/client/session', { key: sessionKey });
    expect(described.status).toBe(200);
    expect(verifies(sessionKey.secretKey, described)).toBe(true);

    const refused = await send('POST', '/v1/client/session/finish', { key: sessionKey, body: {} });
    expect(refused.status).toBe(409); // joined cannot finish
    expect(verifies(sessionKey.secretKey, refused)).toBe(true);
  });

  it('gives no MAC where no key is shared: a refused signature, an institution’s answer', async () => {
    const { sessionKey } = await launchCandidate(service);
    const forged = await send('GET', '/v1/client/session', {
      key: { keyId: sessionKey.keyId, secretKey: 'f'.repeat(64) },
    });
    expect(forged.status).toBe(403);
    expect(forged.mac).toBeNull();
    expect(forged.signature).toBeNull();

    const account = await createAccount(service);
    const institution = await send('POST', '/v1/exams', {
      key: account,
      body: { title: 'No MAC here', durationMinutes: 30, policy: {} },
    });
    expect(institution.status).toBe(201);
    expect(institution.mac).toBeNull();
    expect(institution.signature).toBeNull();
  });
});
