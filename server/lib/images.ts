/** Base64 images from API bodies: decoded and checked to be JPEG or PNG before anything stores them. */
import { HttpError } from './http-error';

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

export function decodeImage(base64: string, path: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (!startsWith(bytes, JPEG_MAGIC) && !startsWith(bytes, PNG_MAGIC)) {
    throw new HttpError(400, 'validation_failed', 'Images must be base64 JPEG or PNG', [
      { path, message: 'not a JPEG or PNG image' },
    ]);
  }
  return bytes;
}
