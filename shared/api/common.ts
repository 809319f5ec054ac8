import { z } from 'zod';

/** RFC 3339 timestamp with offset, as the service emits them. */
export const timestampSchema = z.iso.datetime({ offset: true });
export const idSchema = z.uuid();
/** Base64 JPEG or PNG image, at most ~4 MB decoded. */
export const base64ImageSchema = z
  .string()
  .max(6_000_000)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 without a data: prefix');
