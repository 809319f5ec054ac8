/**
 * Light and sharpness of an image region, from RGBA pixels (as getImageData returns them).
 * Pure functions: the worker feeds them a face crop scaled to a fixed size, so values compare across
 * frames and cameras.
 */

/** Face crops are scaled to this square before measuring, so sharpness does not depend on face size. */
export const QUALITY_SAMPLE_SIZE = 96;

/** Rec. 601 luma of each pixel. */
export function toLuma(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  const luma = new Float32Array(rgba.length / 4);
  for (let i = 0, p = 0; p < luma.length; i += 4, p++) {
    luma[p] = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
  }
  return luma;
}

export function meanOf(values: Float32Array): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Variance of the 4-neighbour Laplacian: high for crisp edges, low for blur or a featureless region.
 * The border row and column are skipped.
 */
export function laplacianVariance(luma: Float32Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const value = luma[i - 1]! + luma[i + 1]! + luma[i - width]! + luma[i + width]! - 4 * luma[i]!;
      sum += value;
      sumSquares += value * value;
      count++;
    }
  }
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}

export interface RegionQuality {
  luma: number;
  sharpness: number;
}

export function measureRegion(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): RegionQuality {
  const luma = toLuma(rgba);
  return { luma: meanOf(luma), sharpness: laplacianVariance(luma, width, height) };
}
