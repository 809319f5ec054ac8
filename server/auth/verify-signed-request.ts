/**
 * Verifies a SharedKey (StartExam) or SharedKeyV2 request. Framework-free: the Fastify hooks call it,
 * and so can any route that sees raw requests (the tus recordings endpoint). Every failure names the
 * check that failed and never the expected signature; signatures are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../shared/api/errors';
import {
  CONTENT_SHA256_HEADER,
  MAX_CLOCK_SKEW_MS,
  NONCE_HEADER,
  SHARED_KEY_SCHEME,
  VIGIL_DATE_HEADER,
  canonicalQuery,
  parseAuthorization,
  requestTarget,
  signSharedKey,
  signSharedKeyV2,
  type SigningScheme,
} from '../../shared/signing/shared-key';
import type { AccountRow, SessionRow } from '../db/schema';

export type HeaderValue = string | string[] | undefined;

export interface SignedRequest {
  method: string;
  /** The request target exactly as received (path and query): V2 signs both, V1 only the lowercased path. */
  url: string;
  /** Lowercase header names, as Node delivers them. */
  headers: Record<string, HeaderValue>;
  /** The exact body bytes received (empty when there is none). */
  body: Uint8Array;
}

export type Principal =
  { kind: 'account'; keyId: string; account: AccountRow } | { kind: 'session'; keyId: string; session: SessionRow };

export interface ResolvedKey {
  principal: Principal;
  /** Every secret currently valid for the key: the current one, and a rotated-out one in its grace period. */
  secrets: string[];
  requireV2: boolean;
}

export interface SigningKeyResolver {
  resolve(keyId: string, now: Date): Promise<ResolvedKey | undefined>;
}

export interface NonceRegistry {
  /** True when `nonce` is new for `keyId`; it must then be refused until `expiresAt`. */
  remember(keyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}

export interface VerifierContext {
  keys: SigningKeyResolver;
  nonces: NonceRegistry;
  now: () => Date;
}

export interface AuthFailure {
  ok: false;
  statusCode: 400 | 401 | 403;
  code: ErrorCode;
  message: string;
}

export interface AuthSuccess {
  ok: true;
  scheme: SigningScheme;
  principal: Principal;
}

export type VerifyResult = AuthSuccess | AuthFailure;

/** V1 signatures share the nonce table; a V2 nonce (base64url) can never contain this prefix's `:`. */
export const V1_REPLAY_PREFIX = 'v1:';
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
// Lowercase only: an upper-case spelling of the same hash would be a second accepted form of one request.
const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

const fail = (statusCode: AuthFailure['statusCode'], code: ErrorCode, message: string): AuthFailure => ({
  ok: false,
  statusCode,
  code,
  message,
});

function singleHeader(headers: Record<string, HeaderValue>, name: string): string | undefined | null {
  const value = headers[name];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null;
  return value;
}

/**
 * Constant-time comparison of the base64 text, not the decoded bytes: the last character of a
 * 32-byte signature has two spare bits, so decoding would accept four spellings of one signature
 * (and a V1 replay could dodge the replay memory under another spelling).
 */
function signaturesEqual(expected: string, presented: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(presented, 'latin1');
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

export async function verifySignedRequest(request: SignedRequest, context: VerifierContext): Promise<VerifyResult> {
  return verify(request, request.body, context);
}

/**
 * The same check before the body is read (Fastify's onRequest): the declared Content-Length stands in
 * for the body's length, so a forged or anonymous upload is refused without reading its bytes. It
 * neither hashes the body nor spends the nonce: verifySignedRequest must still run once the body is in.
 */
export async function verifySignedHeaders(
  request: Omit<SignedRequest, 'body'>,
  context: VerifierContext,
): Promise<VerifyResult> {
  return verify(request, null, context);
}

function declaredContentLength(headers: Record<string, HeaderValue>): number {
  const value = Number(singleHeader(headers, 'content-length') ?? 0);
  return Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

async function verify(
  request: Omit<SignedRequest, 'body'>,
  body: Uint8Array | null,
  context: VerifierContext,
): Promise<VerifyResult> {
  const authorization = singleHeader(request.headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    return fail(401, 'unauthorized', 'Authorization header missing: sign the request with SharedKey or SharedKeyV2');
  }
  const parsed = authorization === null ? null : parseAuthorization(authorization);
  if (!parsed) {
    return fail(
      400,
      'malformed_authorization',
      'Authorization header malformed: expected "SharedKey <AccountId>:<Base64 signature>" or "SharedKeyV2 <KeyId>:<Base64 signature>"',
    );
  }

  // X-Vigil-Date, when sent, is the signed date (a browser may not set Date); Date is then ignored.
  const vigilDate = singleHeader(request.headers, VIGIL_DATE_HEADER);
  const dateName = vigilDate === undefined ? 'Date' : 'X-Vigil-Date';
  const date = vigilDate === undefined ? singleHeader(request.headers, 'date') : vigilDate;
  if (!date) return fail(400, 'missing_date', 'Date (or X-Vigil-Date) header missing: it is part of the signature');
  const sentAt = Date.parse(date);
  if (Number.isNaN(sentAt)) return fail(400, 'missing_date', `${dateName} header is not an RFC 1123 date`);
  const now = context.now();
  if (Math.abs(now.getTime() - sentAt) > MAX_CLOCK_SKEW_MS) {
    return fail(403, 'clock_skew', `${dateName} header is more than 15 minutes away from the service clock`);
  }

  let contentSha256 = '';
  let nonce = '';
  let host = '';
  if (parsed.scheme !== SHARED_KEY_SCHEME) {
    const presentedHash = singleHeader(request.headers, CONTENT_SHA256_HEADER);
    if (!presentedHash || !SHA256_HEX_PATTERN.test(presentedHash)) {
      return fail(
        400,
        'malformed_authorization',
        'X-Vigil-Content-SHA256 header missing or not 64 lowercase hex characters',
      );
    }
    const presentedNonce = singleHeader(request.headers, NONCE_HEADER);
    if (!presentedNonce || !NONCE_PATTERN.test(presentedNonce)) {
      return fail(400, 'malformed_authorization', 'X-Vigil-Nonce header missing or not at least 16 bytes of base64url');
    }
    const presentedHost = singleHeader(request.headers, 'host');
    if (!presentedHost) return fail(400, 'malformed_authorization', 'Host header missing: SharedKeyV2 signs it');
    try {
      canonicalQuery(requestTarget(request.url).query);
    } catch {
      return fail(400, 'bad_request', 'The query string is not valid percent-encoding, so it cannot be signed');
    }
    contentSha256 = presentedHash;
    nonce = presentedNonce;
    host = presentedHost;
    // node:crypto rather than shared/'s portable hash: recording PATCHes are megabytes, and native is ~6× faster.
    if (body && createHash('sha256').update(body).digest('hex') !== contentSha256) {
      return fail(403, 'content_hash_mismatch', 'X-Vigil-Content-SHA256 does not match the body received');
    }
  }

  const key = await context.keys.resolve(parsed.keyId, now);
  if (!key) return fail(403, 'unknown_key', `Unknown key ${parsed.keyId}`);
  if (key.requireV2 && parsed.scheme === SHARED_KEY_SCHEME) {
    return fail(
      403,
      'signature_version_required',
      'This key does not accept SharedKey (V1) signatures: sign with SharedKeyV2 (docs/service.md, Authentication)',
    );
  }

  const contentLength = body ? body.byteLength : declaredContentLength(request.headers);
  const parts = { method: request.method, url: request.url, date, contentLength };
  const matches = key.secrets.some((secret) => {
    const expected =
      parsed.scheme === SHARED_KEY_SCHEME
        ? signSharedKey(secret, parts)
        : signSharedKeyV2(secret, { ...parts, contentSha256, nonce, host });
    return signaturesEqual(expected, parsed.signature);
  });
  if (!matches) {
    return fail(
      403,
      'bad_signature',
      'Signature does not match: check the secret key, the method, the path (and for V2 the query and Host), the Date header and the body length',
    );
  }

  // Only after the signature holds: an attacker cannot burn nonces they could not sign.
  if (body && parsed.scheme !== SHARED_KEY_SCHEME) {
    const rememberUntil = new Date(Math.max(now.getTime(), sentAt) + MAX_CLOCK_SKEW_MS);
    if (!(await context.nonces.remember(parsed.keyId, nonce, rememberUntil))) {
      return fail(403, 'nonce_reused', 'X-Vigil-Nonce was already used with this key: sign each request afresh');
    }
  }
  // V1 has no nonce, so its signature stands in for one: the same signed request is accepted once per
  // Date window, in the database like the nonces so every instance agrees. A retry re-signs with a new Date.
  if (body && parsed.scheme === SHARED_KEY_SCHEME) {
    const rememberUntil = new Date(Math.max(now.getTime(), sentAt) + MAX_CLOCK_SKEW_MS);
    if (!(await context.nonces.remember(parsed.keyId, `${V1_REPLAY_PREFIX}${parsed.signature}`, rememberUntil))) {
      return fail(
        403,
        'replayed',
        'This SharedKey signature was already accepted: sign each request afresh with a new Date (or use SharedKeyV2)',
      );
    }
  }
  return { ok: true, scheme: parsed.scheme, principal: key.principal };
}
