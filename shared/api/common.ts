import { z } from 'zod';

/** RFC 3339 timestamp with offset, as the service emits them. */
export const timestampSchema = z.iso.datetime({ offset: true });
export const idSchema = z.uuid();
/** The longest base64 image a body may carry (about 4.5 MB decoded). */
export const MAX_BASE64_IMAGE_CHARS = 6_000_000;

/**
 * A JPEG or PNG image as standard base64, no `data:` prefix. The pattern holds the formats' first
 * bytes (JPEG FF D8 FF is `/9j/`, PNG's signature `iVBORw0KGg`), so the OpenAPI document says what is
 * accepted and validation refuses anything else; server/lib/images.ts checks the decoded bytes again.
 */
export const base64ImageSchema = z
  .string()
  .max(MAX_BASE64_IMAGE_CHARS)
  .regex(/^(?:\/9j\/|iVBORw0KGg)[A-Za-z0-9+/]*={0,2}$/, 'must be a base64 JPEG or PNG, without a data: prefix')
  .meta({
    contentEncoding: 'base64',
    description: `A JPEG or PNG image, standard base64 without a data: prefix, at most ${MAX_BASE64_IMAGE_CHARS} characters`,
  });

/**
 * An email address: zod's address check, with each domain label as DNS has it (letters, digits and
 * inner hyphens: no label starts or ends with '-', which z.email() alone lets through, e.g. `a@b-.co`),
 * a TLD of 2–63 letters and at most 254 characters in all.
 */
export const emailSchema = z
  .email({
    pattern:
      /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
  })
  .max(254);
