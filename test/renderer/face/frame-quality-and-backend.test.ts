import { describe, expect, it } from 'vitest';
import { laplacianVariance, measureRegion, meanOf, toLuma } from '../../../renderer/face/frame-quality';
import { chooseBackend, isHardwareRenderer } from '../../../renderer/face/backend-choice';
import { messages, t } from '../../../renderer/i18n/messages';

describe('frame quality', () => {
  const size = 16;
  const image = (pixel: (x: number, y: number) => number) => {
    const rgba = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const value = pixel(x, y);
        rgba.set([value, value, value, 255], (y * size + x) * 4);
      }
    return rgba;
  };

  it('measures luminance', () => {
    expect(meanOf(toLuma(image(() => 200)))).toBeCloseTo(200, 3);
    expect(meanOf(toLuma(new Uint8ClampedArray([255, 0, 0, 255])))).toBeCloseTo(0.299 * 255, 3);
  });

  it('scores edges sharper than a flat or a smooth image', () => {
    const flat = measureRegion(
      image(() => 120),
      size,
      size,
    );
    const smooth = measureRegion(
      image((x) => x * 8),
      size,
      size,
    );
    const checker = measureRegion(
      image((x, y) => ((x + y) % 2 ? 255 : 0)),
      size,
      size,
    );
    expect(flat.sharpness).toBe(0);
    expect(smooth.sharpness).toBeLessThan(1);
    expect(checker.sharpness).toBeGreaterThan(1000);
    expect(laplacianVariance(new Float32Array(4), 2, 2)).toBe(0);
  });
});

describe('backend choice', () => {
  it('treats software rasterisers as no GPU', () => {
    expect(isHardwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe(
      false,
    );
    expect(isHardwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(false);
    expect(isHardwareRenderer(null)).toBe(false);
    expect(isHardwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
  });

  it('keeps the faster backend that really ran, and wasm when in doubt', () => {
    const report = (requested: 'wasm' | 'webgl', actual: string) => ({
      requested,
      actual,
      fellBack: requested !== actual,
      simd: null,
      threads: null,
    });
    expect(
      chooseBackend([
        { backend: report('webgl', 'webgl'), warmupMs: 30 },
        { backend: report('wasm', 'wasm'), warmupMs: 160 },
      ]),
    ).toBe('webgl');
    expect(
      chooseBackend([
        { backend: report('webgl', 'cpu'), warmupMs: 10 },
        { backend: report('wasm', 'wasm'), warmupMs: 160 },
      ]),
    ).toBe('wasm');
    expect(chooseBackend([{ backend: report('webgl', 'webgl'), warmupMs: null }])).toBe('wasm');
  });
});

describe('message catalog', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('face.progress', { count: 2, total: 6 })).toBe('Pictures taken: 2 of 6');
    expect(t('face.progress', { count: 2 })).toBe('Pictures taken: 2 of {total}');
  });

  it('has no empty entries', () => {
    expect(Object.values(messages).every((text) => text.trim().length > 0)).toBe(true);
  });
});
