/**
 * SharedKey request signing (StartExam scheme) and Vigil's stronger SharedKeyV2.
 *
 * Pure functions over bytes so the same code signs in the desktop main process and
 * verifies on the service; the renderer never holds a secret and never imports this.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, base64urlnopad, hex, utf8 } from '@scure/base';

export const SHARED_KEY_SCHEME = 'SharedKey';
export const SHARED_KEY_V2_SCHEME = 'SharedKeyV2';
export const CONTENT_SHA256_HEADER = 'x-vigil-content-sha256';
export const NONCE_HEADER = 'x-vigil-nonce';
/** Requests whose Date is further than this from the service's clock are refused. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
export const MIN_NONCE_BYTES = 16;

export type SigningScheme = typeof SHARED_KEY_SCHEME | typeof SHARED_KEY_V2_SCHEME;

export interface SignedParts {
  method: string;
  /** Absolute path or full URL; scheme, host and query are dropped. */
  url: string;
  /** RFC 1123 date, exactly as sent in the `Date` header. */
  date: string;
  contentLength: number;
}

export interface SignedPartsV2 extends SignedParts {
  /** Lowercase hex SHA-256 of the body bytes (of the empty string when there is none). */
  contentSha256: string;
  nonce: string;
}

/** The absolute path without scheme, host or query, lowercased. */
export function canonicalPath(url: string): string {
  let path = url;
  const schemeIndex = path.indexOf('://');
  if (schemeIndex >= 0) {
    const pathStart = path.indexOf('/', schemeIndex + 3);
    path = pathStart >= 0 ? path.slice(pathStart) : '/';
  }
  const queryIndex = path.search(/[?#]/);
  if (queryIndex >= 0) path = path.slice(0, queryIndex);
  if (!path.startsWith('/')) path = `/${path}`;
  return path.toLowerCase();
}

export function stringToSign(parts: SignedParts): string {
  return `${parts.method.toUpperCase()} ${canonicalPath(parts.url)} ${parts.date} ${parts.contentLength}`;
}

export function stringToSignV2(parts: SignedPartsV2): string {
  return `${stringToSign(parts)} ${parts.contentSha256.toLowerCase()} ${parts.nonce}`;
}

export function hmacBase64(secretKey: string, message: string): string {
  return base64.encode(hmac(sha256, utf8.decode(secretKey), utf8.decode(message)));
}

export function hmacHex(secretKey: string, message: Uint8Array | string): string {
  const bytes = typeof message === 'string' ? utf8.decode(message) : message;
  return hex.encode(hmac(sha256, utf8.decode(secretKey), bytes));
}

export function sha256Hex(body: Uint8Array | string): string {
  return hex.encode(sha256(typeof body === 'string' ? utf8.decode(body) : body));
}

export function signSharedKey(secretKey: string, parts: SignedParts): string {
  return hmacBase64(secretKey, stringToSign(parts));
}

export function signSharedKeyV2(secretKey: string, parts: SignedPartsV2): string {
  return hmacBase64(secretKey, stringToSignV2(parts));
}

export function formatAuthorization(scheme: SigningScheme, keyId: string | number, signature: string): string {
  return `${scheme} ${keyId}:${signature}`;
}

export interface ParsedAuthorization {
  scheme: SigningScheme;
  keyId: string;
  signature: string;
}

const AUTHORIZATION_PATTERN = /^(SharedKey|SharedKeyV2) ([A-Za-z0-9_-]{1,128}):([A-Za-z0-9+/]{43}=)$/;

/** Parses an Authorization header; null when it is not a well-formed SharedKey header. */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (!match) return null;
  return { scheme: match[1] as SigningScheme, keyId: match[2]!, signature: match[3]! };
}

/** RFC 1123 date as used in HTTP's Date header, e.g. "Tue, 11 Sep 2018 12:08:34 GMT". */
export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}

/** A fresh random nonce (base64url, no padding) of `bytes` random bytes. */
export function createNonce(bytes = MIN_NONCE_BYTES): string {
  const random = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(random);
  return base64urlnopad.encode(random);
}

export interface SignRequestInput {
  scheme: SigningScheme;
  keyId: string | number;
  secretKey: string;
  method: string;
  url: string;
  body?: Uint8Array | undefined;
  /**
   * The body's SHA-256 (lowercase hex) when the caller already has it: Node's native hash is several
   * times faster than this module's portable one, which matters for multi-megabyte uploads.
   */
  contentSha256?: string | undefined;
  now?: Date;
  nonce?: string;
}

/** Every header a signed request needs; the caller sends the body bytes unchanged. */
export function signRequestHeaders(input: SignRequestInput): Record<string, string> {
  const body = input.body ?? new Uint8Array(0);
  const date = formatHttpDate(input.now ?? new Date());
  const base = { method: input.method, url: input.url, date, contentLength: body.byteLength };
  if (input.scheme === SHARED_KEY_SCHEME) {
    return {
      date,
      authorization: formatAuthorization(input.scheme, input.keyId, signSharedKey(input.secretKey, base)),
    };
  }
  const contentSha256 = input.contentSha256?.toLowerCase() ?? sha256Hex(body);
  const nonce = input.nonce ?? createNonce();
  const signature = signSharedKeyV2(input.secretKey, { ...base, contentSha256, nonce });
  return {
    date,
    authorization: formatAuthorization(input.scheme, input.keyId, signature),
    [CONTENT_SHA256_HEADER]: contentSha256,
    [NONCE_HEADER]: nonce,
  };
}
