/** fetch with SharedKeyV2 headers, for tests that talk to the service as an institution or a client. */
import { SHARED_KEY_V2_SCHEME, signRequestHeaders } from '../../shared/signing/shared-key';

export interface TestKey {
  keyId: string | number;
  secretKey: string;
}

export async function signedFetch(
  baseUrl: string,
  key: TestKey,
  method: string,
  path: string,
  options: { body?: Uint8Array | string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const body = typeof options.body === 'string' ? new TextEncoder().encode(options.body) : options.body;
  const headers = signRequestHeaders({
    scheme: SHARED_KEY_V2_SCHEME,
    keyId: key.keyId,
    secretKey: key.secretKey,
    method,
    url: `${baseUrl}${path}`,
    body,
  });
  return fetch(`${baseUrl}${path}`, {
    method,
    // A test waits for an answer, never for ever: a hung service fails the test with a reason.
    signal: AbortSignal.timeout(30_000),
    headers: { ...options.headers, ...headers },
    ...(body && body.byteLength > 0 ? { body } : {}),
  });
}

export async function signedJson<T>(
  baseUrl: string,
  key: TestKey,
  method: string,
  path: string,
  json?: unknown,
): Promise<T> {
  const response = await signedFetch(baseUrl, key, method, path, {
    ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
