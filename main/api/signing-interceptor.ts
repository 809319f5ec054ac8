/**
 * Signs every request with SharedKeyV2 just before it leaves. The body is serialized here,
 * once, into the exact bytes sent, so the signed SHA-256 matches what the service hashes.
 */
import { AxiosHeaders, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { SHARED_KEY_V2_SCHEME, signRequestHeaders } from '../../shared/signing/shared-key';
import type { ServiceClock } from '../core/service-clock';
import type { SigningKey } from '../keyring/session-key';
import type { RequestAuth } from './request-options';

export interface SigningKeys {
  /** The session-scoped key the launch handed out; null before launch. */
  session(): SigningKey | null;
}

export const CLIENT_HEADER = 'x-vigil-client';

/** JSON-encodes a body once; bytes pass through unchanged (a retried request is not re-encoded). */
export function serializeBody(data: unknown): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(JSON.stringify(data), 'utf8');
}

export function installSigningInterceptor(
  instance: AxiosInstance,
  options: { keys: SigningKeys; clock: ServiceClock; clientHeader: string },
): void {
  instance.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    const auth: RequestAuth = config.vigil?.auth ?? 'session';
    const headers = AxiosHeaders.from(config.headers);
    const body = serializeBody(config.data);
    if (body !== undefined) {
      config.data = body;
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    headers.set(CLIENT_HEADER, options.clientHeader);
    config.vigil = { ...config.vigil, auth, sentAt: Date.now() };

    if (auth !== 'none') {
      const key = options.keys.session();
      if (!key) throw new Error(`No ${auth} key to sign ${config.method?.toUpperCase()} ${config.url} with`);
      const signed = signRequestHeaders({
        scheme: SHARED_KEY_V2_SCHEME,
        keyId: key.keyId,
        secretKey: key.secretKey,
        method: config.method ?? 'get',
        // The full URL with its params, as the http adapter sends it: V2 signs its path, canonical query and Host.
        url: instance.getUri(config),
        body: body === undefined ? undefined : new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        now: options.clock.now(),
      });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    }
    config.headers = headers;
    return config;
  });
}
