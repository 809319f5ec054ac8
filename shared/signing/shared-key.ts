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
/**
 * Sent in place of `Date` where a client cannot set that header (a browser's fetch: `Date` is a
 * forbidden request header), like `x-ms-date` in Azure's SharedKey and `X-Amz-Date` in SigV4. When
 * present it is the date signed and checked, and `Date` is ignored.
 */
export const VIGIL_DATE_HEADER = 'x-vigil-date';
/** Requests whose Date is further than this from the service's clock are refused. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
export const MIN_NONCE_BYTES = 16;

export type SigningScheme = typeof SHARED_KEY_SCHEME | typeof SHARED_KEY_V2_SCHEME;

export interface SignedParts {
  method: string;
  /** Absolute path or full URL; scheme, host and query are dropped. */
  url: string;
  /** RFC 1123 date, exactly as sent in the `X-Vigil-Date` header, else in `Date`. */
  date: string;
  contentLength: number;
}

export interface SignedPartsV2 extends SignedParts {
  /** Lowercase hex SHA-256 of the body bytes (of the empty string when there is none). */
  contentSha256: string;
  nonce: string;
  /** The Host header the caller sent: `host[:port]` exactly as addressed (a default port is not written). */
  host: string;
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

/**
 * The request target as it goes on the wire, split at the first `?`. A full URL is read the way
 * fetch sends it (WHATWG URL); an origin-form target (`/path?query`, what a server receives) is
 * taken literally, so the service signs exactly the bytes that reached it. The fragment never travels.
 */
export function requestTarget(url: string): { path: string; query: string } {
  let target = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const parsed = new URL(url);
    target = `${parsed.pathname}${parsed.search}`;
  }
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf('?');
  return question < 0
    ? { path: target, query: '' }
    : { path: target.slice(0, question), query: target.slice(question + 1) };
}

/** RFC 3986 unreserved characters stay, everything else is %XX with upper-case hex. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes one query component as the service's parser reads it: `+` is a space. Throws URIError on bad %XX. */
function decodeQueryComponent(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/**
 * The canonical query string: every `key=value` pair decoded (so `%41`, `A` and a different order
 * sign the same request the service will parse), re-encoded per RFC 3986, sorted by key then value
 * (code unit order), joined with `&`. A key without `=` has the empty value; empty pairs (`&&`) are
 * dropped. Throws URIError when a component is not valid percent-encoding: such a query cannot be signed.
 */
export function canonicalQuery(query: string): string {
  const raw = query.startsWith('?') ? query.slice(1) : query;
  const pairs = raw
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [rfc3986(decodeQueryComponent(key)), rfc3986(decodeQueryComponent(value))] as const;
    });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort((a, b) => order(a[0], b[0]) || order(a[1], b[1]));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/**
 * SharedKeyV2's string to sign: eight lines joined by `\n` (no trailing newline). Unlike StartExam's
 * V1 it keeps the path's case and encoding as sent, and adds the canonical query and the Host, so a
 * signed request cannot be pointed at another resource, another filter or another service.
 */
export function stringToSignV2(parts: SignedPartsV2): string {
  const { path, query } = requestTarget(parts.url);
  return [
    parts.method.toUpperCase(),
    path,
    canonicalQuery(query),
    parts.host,
    parts.date,
    String(parts.contentLength),
    parts.contentSha256,
    parts.nonce,
  ].join('\n');
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
  // No trimming: HTTP already strips the value's surrounding whitespace, and anything else is not ours.
  const match = AUTHORIZATION_PATTERN.exec(header);
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
  /**
   * SharedKeyV2 signs the Host the request is sent to: taken from `url` when it is a full URL (as
   * fetch, axios and Node send it); needed here when `url` is only a path.
   */
  host?: string | undefined;
  /** The header the date goes in: `date` (default) or `x-vigil-date` (for a browser, which may not set `Date`). */
  dateHeader?: 'date' | typeof VIGIL_DATE_HEADER;
}

/** The Host header an HTTP client sends for `url` (WHATWG `URL.host`: lowercase, default port left out). */
export function hostOf(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).host : undefined;
}

/** Every header a signed request needs; the caller sends the body bytes unchanged. */
export function signRequestHeaders(input: SignRequestInput): Record<string, string> {
  const body = input.body ?? new Uint8Array(0);
  const date = formatHttpDate(input.now ?? new Date());
  const dateHeader = input.dateHeader ?? 'date';
  const base = { method: input.method, url: input.url, date, contentLength: body.byteLength };
  if (input.scheme === SHARED_KEY_SCHEME) {
    return {
      [dateHeader]: date,
      authorization: formatAuthorization(input.scheme, input.keyId, signSharedKey(input.secretKey, base)),
    };
  }
  const host = input.host ?? hostOf(input.url);
  if (!host) throw new Error(`SharedKeyV2 signs the Host: give a full URL or a host to sign ${input.url}`);
  const contentSha256 = input.contentSha256?.toLowerCase() ?? sha256Hex(body);
  const nonce = input.nonce ?? createNonce();
  const signature = signSharedKeyV2(input.secretKey, { ...base, contentSha256, nonce, host });
  return {
    [dateHeader]: date,
    authorization: formatAuthorization(input.scheme, input.keyId, signature),
    [CONTENT_SHA256_HEADER]: contentSha256,
    [NONCE_HEADER]: nonce,
  };
}
