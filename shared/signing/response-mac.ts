/**
 * Response MACs: the service authenticates every answer it gives a session key, and the client
 * refuses one that does not verify, so a proxy cannot rewrite the policy on its way to the lockdown.
 *
 * One function for both ends. The MAC covers the exact body bytes, the status, and the request it
 * answers (method, path, Date, nonce): a recorded answer replayed to another request does not verify.
 * The launch answer delivers the session key, so it is MACed with a key derived from the launch code
 * (which the client already holds); every later answer with the session key itself.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, utf8 } from '@scure/base';
import { canonicalPath, sha256Hex } from './shared-key';

export const RESPONSE_MAC_HEADER = 'x-vigil-response-mac';
/** Base64 Ed25519 signature of the same string-to-sign by the service's own key (pinned by release builds). */
export const RESPONSE_SIGNATURE_HEADER = 'x-vigil-response-signature';
const RESPONSE_PREFIX = 'VIGIL-RESPONSE-V1';
const EVENT_PREFIX = 'VIGIL-EVENT-V1';
const LAUNCH_KEY_LABEL = 'vigil launch response v1';

/** The request an answer belongs to, as the client sent it and the service received it. */
export interface AnsweredRequest {
  method: string;
  /** Path or full URL; only the canonical path (see shared-key) is MACed. */
  url: string;
  /** The request's Date header ('' when it had none). */
  date: string;
  /** The request's X-Vigil-Nonce ('' when it had none). */
  nonce: string;
}

/**
 * The answer's body: its bytes, or their SHA-256 (lowercase hex) when the caller already has it —
 * Node's native hash is tens of times faster than this module's portable one, and both ends run Node.
 */
export type AnswerBody = Uint8Array | string | { sha256: string };

function bodyHash(body: AnswerBody): string {
  return typeof body === 'object' && 'sha256' in body ? body.sha256.toLowerCase() : sha256Hex(body);
}

function requestLines(request: AnsweredRequest): string {
  return `${request.method.toUpperCase()}\n${canonicalPath(request.url)}\n${request.date}\n${request.nonce}`;
}

export function responseStringToSign(request: AnsweredRequest, status: number, body: AnswerBody): string {
  return `${RESPONSE_PREFIX}\n${requestLines(request)}\n${status}\n${bodyHash(body)}`;
}

/** One message of the event stream: `seq` counts from 1 on each connection, so none can be dropped, repeated or reordered. */
export function eventStringToSign(request: AnsweredRequest, seq: number, data: string): string {
  return `${EVENT_PREFIX}\n${requestLines(request)}\n${seq}\n${sha256Hex(data)}`;
}

function mac(key: string, message: string): string {
  return base64.encode(hmac(sha256, utf8.decode(key), utf8.decode(message)));
}

export function responseMac(key: string, request: AnsweredRequest, status: number, body: AnswerBody): string {
  return mac(key, responseStringToSign(request, status, body));
}

export function eventMac(key: string, request: AnsweredRequest, seq: number, data: string): string {
  return mac(key, eventStringToSign(request, seq, data));
}

/** The launch answer's MAC key: the launch code (trimmed, as the service reads it) never keys anything else directly. */
export function launchResponseKey(launchCode: string): string {
  return mac(launchCode.trim(), LAUNCH_KEY_LABEL);
}

/** Constant-time comparison of two base64 MACs, portable (no node:crypto in shared/). */
export function macEquals(expected: string, presented: string | undefined | null): boolean {
  if (typeof presented !== 'string' || presented.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i += 1) difference |= expected.charCodeAt(i) ^ presented.charCodeAt(i);
  return difference === 0;
}
