import { describe, expect, it } from 'vitest';
import { findLaunchCodeInArgv, normalizeLaunchCode, parseLaunchUrl } from '../../../main/launch/deep-link';

describe('vigil://launch deep links', () => {
  it('reads the launch code', () => {
    expect(parseLaunchUrl('vigil://launch/Ab3_xY-9zQwErTy12345')).toBe('Ab3_xY-9zQwErTy12345');
    expect(parseLaunchUrl('vigil://launch/abc/')).toBe('abc');
    expect(parseLaunchUrl('VIGIL://launch/abc')).toBe('abc');
    expect(parseLaunchUrl('vigil:launch/abc')).toBe('abc');
  });

  it('refuses anything else', () => {
    expect(parseLaunchUrl('https://launch/abc')).toBeNull();
    expect(parseLaunchUrl('vigil://other/abc')).toBeNull();
    expect(parseLaunchUrl('vigil://launch/abc/def')).toBeNull();
    expect(parseLaunchUrl('vigil://launch/a%20b')).toBeNull();
    expect(parseLaunchUrl('not a url')).toBeNull();
  });

  it('finds the link in a command line (Windows and Linux hand it over as an argument)', () => {
    expect(findLaunchCodeInArgv(['C:\\Vigil\\Vigil.exe', '--flag', 'vigil://launch/code123'])).toBe('code123');
    expect(findLaunchCodeInArgv(['vigil'])).toBeNull();
  });

  it('accepts a pasted link where a code is expected', () => {
    expect(normalizeLaunchCode('  vigil://launch/code123 ')).toBe('code123');
    expect(normalizeLaunchCode(' code123 ')).toBe('code123');
  });
});
