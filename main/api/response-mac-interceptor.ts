/**
 * Refuses any answer to a session-key request (and the launch) whose X-Vigil-Response-MAC does not
 * verify: a proxy that rewrote the policy, the state or the quit secret is caught here, before a
 * single field is read. Bodies are taken as raw bytes (the MAC covers exactly what was sent) and
 * decoded to JSON only after they verify. A build that pins the service's public key also requires
 * X-Vigil-Response-Signature over the same string (service-signature.ts), which a proxy on the
 * candidate's own machine cannot recompute. See shared/signing/response-mac.
 */
import { createHash } from 'node:crypto';
import { AxiosHeaders, isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { NONCE_HEADER, createNonce, formatHttpDate } from '../../shared/signing/shared-key';
import {
  RESPONSE_MAC_HEADER,
  RESPONSE_SIGNATURE_HEADER,
  eventMac,
  eventStringToSign,
  launchResponseKey,
  macEquals,
  responseMac,
  responseStringToSign,
  type AnsweredRequest,
} from '../../shared/signing/response-mac';
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import { BridgeError } from '../core/bridge-error';
import type { ServiceClock } from '../core/service-clock';
import type { SignatureCheck } from './service-signature';
import type { SigningKey } from '../keyring/session-key';

export const TAMPERED_RESPONSE_CODE = 'tampered_response' satisfies BridgeErrorCode;

export interface TamperedResponse {
  method: string;
  path: string;
  status: number;
  /**
   * `missing`: a success without a MAC; `mismatch`: a MAC that does not match what arrived;
   * `signature`: the MAC matches but the service's signature does not (a proxy that knows the MAC keys).
   */
  reason: 'missing' | 'mismatch' | 'signature';
  /** The key that should have MACed the answer (the session's), absent for the launch. */
  keyId?: string;
  /** The refused launch answer, decoded but untrusted: its key can still report the tampering. */
  refusedLaunch?: unknown;
}

export interface ResponseMacOptions {
  sessionKey(): SigningKey | null;
  clock: ServiceClock;
  onTampered(report: TamperedResponse): void;
  /** The pinned service keys' check; null when this build pins none (the MAC alone is checked). */
  signature: SignatureCheck | null;
}

const REASONS: Record<TamperedResponse['reason'], string> = {
  missing: 'it carries no MAC',
  mismatch: 'its MAC does not match',
  signature: "it is not signed by the service's pinned key",
};

export class TamperedResponseError extends BridgeError {
  constructor(readonly report: TamperedResponse) {
    super(
      TAMPERED_RESPONSE_CODE,
      `The exam service's answer to ${report.method} ${report.path} was altered on its way here (${
        REASONS[report.reason]
      }), so it was refused. Something between this computer and the service, a proxy or security software, is rewriting its answers.`,
    );
  }
}

function headerText(headers: unknown, name: string): string {
  const value = AxiosHeaders.from(headers as AxiosHeaders).get(name);
  return typeof value === 'string' ? value : '';
}

function pathOf(url: string): string {
  return new URL(url, 'http://service.invalid').pathname;
}

function bodyBytes(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.alloc(0);
}

/** What axios's default JSON handling would have made of the bytes. */
function decode(bytes: Buffer): unknown {
  if (bytes.byteLength === 0) return '';
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function installResponseMacInterceptor(instance: AxiosInstance, options: ResponseMacOptions): void {
  instance.interceptors.request.use((config) => {
    const vigil = config.vigil ?? { auth: 'session' as const };
    const verify = (vigil.auth === 'session' || vigil.launchCode !== undefined) && config.responseType !== 'stream';
    if (!verify) return config;
    config.vigil = { ...vigil, verifyMac: true };
    config.responseType = 'arraybuffer';
    if (vigil.launchCode !== undefined) {
      // The unsigned launch still names its Date and a fresh nonce, so its answer is bound to it.
      const headers = AxiosHeaders.from(config.headers);
      headers.set('date', formatHttpDate(options.clock.now()));
      headers.set(NONCE_HEADER, createNonce());
      config.headers = headers;
    }
    return config;
  });

  /** Throws TamperedResponseError unless the MAC verifies (or, for an error answer, is absent); then decodes. */
  function check(response: AxiosResponse): void {
    const config = response.config;
    const vigil = config.vigil;
    if (!vigil?.verifyMac) return;
    const bytes = bodyBytes(response.data);
    response.data = decode(bytes);
    const presented = headerText(response.headers, RESPONSE_MAC_HEADER);
    const success = response.status >= 200 && response.status < 300;
    // An error given before the service knew the key (a refused signature, a rate limit) cannot carry one.
    if (!presented && !success) return;
    const sessionKey = vigil.launchCode === undefined ? options.sessionKey() : null;
    const key = vigil.launchCode !== undefined ? launchResponseKey(vigil.launchCode) : sessionKey?.secretKey;
    const request: AnsweredRequest = {
      method: config.method ?? 'get',
      url: instance.getUri(config),
      date: headerText(config.headers, 'date'),
      nonce: headerText(config.headers, NONCE_HEADER),
    };
    const hashed = { sha256: createHash('sha256').update(bytes).digest('hex') };
    const macValid = Boolean(
      key && presented && macEquals(responseMac(key, request, response.status, hashed), presented),
    );
    const signed =
      options.signature === null ||
      options.signature(
        responseStringToSign(request, response.status, hashed),
        headerText(response.headers, RESPONSE_SIGNATURE_HEADER),
      );
    if (macValid && signed) return;
    const report: TamperedResponse = {
      method: request.method.toUpperCase(),
      path: pathOf(request.url),
      status: response.status,
      reason: !presented ? 'missing' : macValid ? 'signature' : 'mismatch',
      ...(sessionKey ? { keyId: String(sessionKey.keyId) } : {}),
      ...(vigil.launchCode !== undefined ? { refusedLaunch: response.data } : {}),
    };
    response.data = undefined; // nothing of a refused answer is read further
    options.onTampered(report);
    throw new TamperedResponseError(report);
  }

  instance.interceptors.response.use(
    (response) => {
      check(response);
      return response;
    },
    (error: unknown) => {
      if (isAxiosError(error) && error.response) check(error.response);
      throw error;
    },
  );
}

/**
 * Checks the event stream's messages (the stream's HTTP answer is written by hand and carries no
 * MAC): each must be the next number on the connection and carry a MAC over its data with the key
 * that signed the stream request, bound to that request's Date and nonce. Returns the reason a
 * message is refused, or null when it verifies.
 */
export function createEventVerifier(
  instance: AxiosInstance,
  response: AxiosResponse,
  key: SigningKey | null,
  signature: SignatureCheck | null,
): (message: { id?: string; mac?: string; sig?: string; data: string }) => TamperedResponse | null {
  const config = response.config;
  const request: AnsweredRequest = {
    method: config.method ?? 'get',
    url: instance.getUri(config),
    date: headerText(config.headers, 'date'),
    nonce: headerText(config.headers, NONCE_HEADER),
  };
  let expected = 1;
  return (message) => {
    const seq = expected;
    expected += 1;
    const macValid =
      key !== null &&
      message.id === String(seq) &&
      message.mac !== undefined &&
      macEquals(eventMac(key.secretKey, request, seq, message.data), message.mac);
    const signed = signature === null || signature(eventStringToSign(request, seq, message.data), message.sig);
    if (macValid && signed) return null;
    return {
      method: request.method.toUpperCase(),
      path: pathOf(request.url),
      status: response.status,
      reason: message.mac === undefined ? 'missing' : macValid ? 'signature' : 'mismatch',
      ...(key ? { keyId: String(key.keyId) } : {}),
    };
  };
}
