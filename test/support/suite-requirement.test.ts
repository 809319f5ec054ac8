import { afterEach, describe, expect, it, vi } from 'vitest';
import { skipWithout } from './suite-requirement';

describe('a suite whose dependency is missing', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs when nothing is missing, under CI or not', () => {
    expect(skipWithout('Some suite', null, {})).toBe(false);
    expect(skipWithout('Some suite', null, { CI: 'true' })).toBe(false);
  });

  it('is skipped, saying why, outside CI', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(skipWithout('Some suite', 'ffmpeg is not installed', {})).toBe(true);
    expect(log).toHaveBeenCalledWith('[tests] Some suite SKIPPED: ffmpeg is not installed.');
  });

  it('fails under CI=true instead of skipping', () => {
    expect(() => skipWithout('Some suite', 'ffmpeg is not installed', { CI: 'true' })).toThrow(
      /Some suite cannot run under CI=true: ffmpeg is not installed/,
    );
  });
});
