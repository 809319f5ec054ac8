/**
 * JPEG and PNG to packed RGB without native code (jpeg-js, pngjs). Sizes are capped so a hostile
 * upload cannot make the service allocate gigabytes.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major. */
  data: Uint8Array;
}

/** 16 megapixels: far above any webcam frame or ID photo. */
const MAX_MEGAPIXELS = 16;

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

export function decodeToRgb(bytes: Uint8Array): RgbImage {
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  if (isJpeg(bytes)) {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 512,
    });
    ({ width, height } = image);
    rgba = image.data;
  } else if (isPng(bytes)) {
    // The header's size is checked before pngjs allocates the pixels.
    const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 24 || header.getUint32(16) * header.getUint32(20) > MAX_MEGAPIXELS * 1e6)
      throw new Error('image too large');
    const image = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    ({ width, height } = image);
    rgba = image.data;
  } else {
    throw new Error('not a JPEG or PNG image');
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let source = 0, target = 0; target < rgb.length; source += 4, target += 3) {
    rgb[target] = rgba[source]!;
    rgb[target + 1] = rgba[source + 1]!;
    rgb[target + 2] = rgba[source + 2]!;
  }
  return { width, height, data: rgb };
}
