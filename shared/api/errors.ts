/** Every error the service returns has this body; `code` is stable, `message` says what to fix. */
import { z } from 'zod';

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'malformed_authorization',
  'bad_signature',
  'unknown_key',
  'clock_skew',
  'nonce_reused',
  'replayed',
  'signature_version_required',
  'missing_date',
  'content_hash_mismatch',
  'forbidden',
  /** A console request without the session's X-CSRF-Token or from another origin. */
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'invalid_state',
  'gone',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'rate_limited',
  /** Too many failed sign-ins for this email or address: wait for Retry-After. */
  'locked_out',
  'insufficient_storage',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** Field-level problems for validation errors: path → message. */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
