/** Random credentials the service hands out, and how it stores what it must recognise later. */
import { createHash, randomBytes } from 'node:crypto';

/** An account or session SecretKey: 32 random bytes as 64 lowercase hex characters. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('hex');
}

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/**
 * A webhook signing secret: `whsec_` and 32 random bytes as standard base64, so it is never mistaken
 * for an API key and is a Standard Webhooks secret as is (the key is the decoded bytes). Secrets
 * issued before were base64url; they keep working (shared/signing/standard-webhooks.ts).
 */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** A launch code: 24 random bytes (192 bits) as base64url, 32 characters. */
export function generateLaunchCode(): string {
  return randomBytes(24).toString('base64url');
}

/** A session key id: `s_` and 16 random bytes, so it can never be taken for an account id. */
export function generateSessionKeyId(): string {
  return `s_${randomBytes(16).toString('base64url')}`;
}

export const SESSION_KEY_PREFIX = 's_';

/** Launch codes are stored as SHA-256: a stolen database yields no usable code. */
export function hashLaunchCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
