/** ExamUnit-style webhook signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the account's webhook secret (whsec_…). */
import { hmacHex } from './shared-key';

export const WEBHOOK_SIGNATURE_HEADER = 'x-signature';

export function signWebhookBody(secretKey: string, rawBody: Uint8Array | string): string {
  return hmacHex(secretKey, rawBody);
}
