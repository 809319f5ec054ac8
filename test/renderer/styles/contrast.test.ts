/**
 * WCAG AA contrast of the colour pairs the stylesheets use for text: 4.5:1 for body text,
 * 3:1 for large/bold UI text and control boundaries. Colours are read from the CSS itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

const css = ['base.css', 'components.css', 'layout.css']
  .map((file) => readFileSync(join(repoRoot, 'renderer', 'styles', file), 'utf8'))
  .join('\n');

function variable(name: string): string {
  const match = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
  if (!match) throw new Error(`--${name} is not a #rrggbb colour in the stylesheets`);
  return match[1]!;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const WHITE = '#ffffff';

describe('colour contrast (WCAG AA)', () => {
  it.each([
    ['body text on the surface', 'color-text', 'color-surface'],
    ['body text on the page', 'color-text', 'color-bg'],
    ['muted text on the surface', 'color-muted', 'color-surface'],
    ['muted text on the page', 'color-muted', 'color-bg'],
    ['links and secondary buttons', 'color-primary', 'color-surface'],
    ['the current step on its highlight', 'color-text', 'color-primary-soft'],
    ['success text on its panel', 'color-success', 'color-success-soft'],
    ['error text on its panel', 'color-error', 'color-error-soft'],
    ['the preview banner', 'color-text', 'color-warning-bg'],
  ])('%s reaches 4.5:1', (_name, foreground, background) => {
    expect(contrast(variable(foreground), variable(background))).toBeGreaterThanOrEqual(4.5);
  });

  it('white text on the primary, success and error fills reaches 4.5:1', () => {
    for (const fill of ['color-primary', 'color-primary-strong', 'color-success', 'color-error']) {
      expect(contrast(WHITE, variable(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('disabled buttons stay readable and the focus ring stands out', () => {
    expect(contrast('#5b6677', '#eef1f5')).toBeGreaterThanOrEqual(4.5);
    expect(css).toContain('color: #5b6677');
    // The focus ring against what surrounds it (non-text contrast, 3:1).
    expect(contrast(variable('color-focus'), variable('color-surface'))).toBeGreaterThanOrEqual(3);
    expect(contrast(variable('color-focus'), variable('color-bg'))).toBeGreaterThanOrEqual(3);
  });

  it('computes known ratios', () => {
    expect(contrast('#000000', WHITE)).toBeCloseTo(21, 5);
    expect(contrast('#777777', WHITE)).toBeCloseTo(4.48, 2);
  });
});
