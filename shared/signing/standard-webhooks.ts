/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, spec v1): `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature` = space-separated `v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">`. The key is the bytes the secret encodes: the part after `whsec_`,
 * base64-decoded. Secrets issued since issue 19 are standard base64 (what the `standardwebhooks`
 * package reads); older ones are base64url, decoded here with that alphabet to the same kind of key.
 * An account still signed with its hex SecretKey (from before migration 0004) uses that text as the
 * base64 it is, exactly as `new Webhook(secretKey)` reads it.
 *
 * Pure functions over bytes (no node:crypto), so the service signs and any TypeScript receiver verifies.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, utf8 } from '@scure/base';

export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURES_HEADER = 'webhook-signature';
/** The incident type of the delivery, so a receiver can route it before parsing the body. */
export const WEBHOOK_EVENT_HEADER = 'x-vigil-event';
export const STANDARD_WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How far a delivery's timestamp may be from the receiver's clock (the `standardwebhooks` package's window). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/**
 * The HMAC key a webhook secret stands for: the base64 (or base64url) after `whsec_`, decoded. A
 * secret that is not base64 at all (none the service issues) is keyed with its UTF-8 bytes, as the
 * `standardwebhooks` package's `format: 'raw'` reads it.
 */
export function standardWebhookKey(secret: string): Uint8Array {
  if (secret.length === 0) throw new Error('A webhook secret cannot be empty');
  const encoded = secret.startsWith(STANDARD_WEBHOOK_SECRET_PREFIX)
    ? secret.slice(STANDARD_WEBHOOK_SECRET_PREFIX.length)
    : secret;
  const standard = encoded.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  try {
    const key = base64.decode(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
    if (key.length > 0) return key;
  } catch {
    // Not base64: the raw form below.
  }
  return utf8.decode(secret);
}

/** The same secret in the form the `standardwebhooks` package and Svix-style libraries take: `whsec_<base64>`. */
export function standardWebhookSecret(secret: string): string {
  return `${STANDARD_WEBHOOK_SECRET_PREFIX}${base64.encode(standardWebhookKey(secret))}`;
}

export interface StandardWebhookMessage {
  /** Stable across retries of one delivery: de-duplicate on it. */
  id: string;
  /** When this attempt was sent, Unix seconds. */
  timestampSeconds: number;
  /** The raw body, exactly as sent. */
  body: Uint8Array | string;
}

function signedContent(message: StandardWebhookMessage): Uint8Array {
  const body = typeof message.body === 'string' ? utf8.decode(message.body) : message.body;
  const head = utf8.decode(`${message.id}.${message.timestampSeconds}.`);
  const content = new Uint8Array(head.length + body.length);
  content.set(head);
  content.set(body, head.length);
  return content;
}

/** `webhook-signature`: one `v1,<base64>` per secret, space-separated (several while a secret is being replaced). */
export function signStandardWebhook(secrets: readonly string[], message: StandardWebhookMessage): string {
  if (secrets.length === 0) throw new Error('No webhook secret to sign with');
  const content = signedContent(message);
  return secrets.map((secret) => `v1,${base64.encode(hmac(sha256, standardWebhookKey(secret), content))}`).join(' ');
}

/** The three Standard Webhooks headers of one delivery attempt. */
export function standardWebhookHeaders(
  secrets: readonly string[],
  message: StandardWebhookMessage,
): Record<typeof WEBHOOK_ID_HEADER | typeof WEBHOOK_TIMESTAMP_HEADER | typeof WEBHOOK_SIGNATURES_HEADER, string> {
  return {
    [WEBHOOK_ID_HEADER]: message.id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(message.timestampSeconds),
    [WEBHOOK_SIGNATURES_HEADER]: signStandardWebhook(secrets, message),
  };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export type StandardWebhookVerdict =
  | { ok: true; id: string; timestampSeconds: number }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'outside_window' | 'bad_signature' };

/**
 * Checks a received delivery: the headers are present, the timestamp within `toleranceSeconds` of
 * `now`, and one of the `v1` signatures is the secret's over id, timestamp and the raw body.
 */
export function verifyStandardWebhook(
  secret: string,
  body: Uint8Array | string,
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  now: Date = new Date(),
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): StandardWebhookVerdict {
  const header = (name: string): string | undefined => {
    const value = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : (value as string | undefined);
  };
  const id = header(WEBHOOK_ID_HEADER);
  const timestamp = header(WEBHOOK_TIMESTAMP_HEADER);
  const signatures = header(WEBHOOK_SIGNATURES_HEADER);
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const timestampSeconds = Number(timestamp);
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestampSeconds) > toleranceSeconds) {
    return { ok: false, reason: 'outside_window' };
  }
  const expected = signStandardWebhook([secret], { id, timestampSeconds, body });
  const matches = signatures.split(' ').some((candidate) => constantTimeEqual(candidate, expected));
  return matches ? { ok: true, id, timestampSeconds } : { ok: false, reason: 'bad_signature' };
}
