/** The staff console's random tokens (invitations, session cookies, CSRF) and how they are stored and compared. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as base64url (256 bits): an invitation, a session cookie or a CSRF token. */
export function generateConsoleToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the SHA-256 of invitation and cookie tokens is stored: a stolen database yields no usable one. */
export function hashConsoleToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (hashed first, so unequal lengths leak nothing either). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
