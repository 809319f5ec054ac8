/**
 * An institution's backend in the client tests: signs with the account key (SharedKeyV2) over plain
 * fetch. The desktop client itself never holds an account key (issue 10), so its ApiClient cannot
 * play this part.
 */
import { SHARED_KEY_V2_SCHEME, signRequestHeaders } from '../../shared/signing/shared-key';

export interface AccountKey {
  keyId: string | number;
  secretKey: string;
}

export interface InstitutionRequest {
  method: string;
  url: string;
  data?: unknown;
  /** Accepted and ignored, so calls written for the client's ApiClient still compile. */
  vigil?: unknown;
}

export class InstitutionClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: AccountKey,
  ) {}

  async request<T = unknown>(request: InstitutionRequest): Promise<T> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${request.url}`;
    const body = request.data === undefined ? undefined : Buffer.from(JSON.stringify(request.data));
    const method = request.method.toUpperCase();
    const headers = signRequestHeaders({
      scheme: SHARED_KEY_V2_SCHEME,
      keyId: this.key.keyId,
      secretKey: this.key.secretKey,
      method,
      url,
      body: body && new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    });
    const response = await fetch(url, {
      method,
      headers: { ...headers, accept: 'application/json', ...(body && { 'content-type': 'application/json' }) },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${request.url} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
