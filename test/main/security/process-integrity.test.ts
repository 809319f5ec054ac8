import { describe, expect, it } from 'vitest';
import { findIntegrityViolations } from '../../../main/security/process-integrity';

describe('process integrity', () => {
  it('accepts a plain start, including a deep link argument', () => {
    expect(
      findIntegrityViolations({ argv: ['/opt/Vigil/vigil', 'vigil://launch/abc'], env: { HOME: '/home/c' } }),
    ).toEqual([]);
  });

  it.each([
    ['--inspect'],
    ['--inspect=9229'],
    ['--inspect-brk=0'],
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-pipe'],
    ['--js-flags=--allow-natives-syntax'],
    ['--disable-web-security'],
  ])('refuses %s', (arg) => {
    expect(findIntegrityViolations({ argv: ['/opt/Vigil/vigil', arg], env: {} })).toEqual([
      `started with ${arg.split('=')[0]}`,
    ]);
  });

  it('refuses ELECTRON_RUN_AS_NODE and NODE_OPTIONS, and inspector flags in execArgv', () => {
    expect(
      findIntegrityViolations({
        argv: ['vigil'],
        execArgv: ['--inspect-port=0'],
        env: { ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '--require /tmp/hook.js' },
      }),
    ).toEqual([
      'started with --inspect-port',
      'environment variable ELECTRON_RUN_AS_NODE is set',
      'environment variable NODE_OPTIONS is set',
    ]);
  });

  it("lets only the Playwright test build start with Playwright's two switches", () => {
    const playwright = { argv: ['electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js'], env: {} };
    expect(findIntegrityViolations(playwright)).toHaveLength(2);
    expect(findIntegrityViolations(playwright, { testBuild: true })).toEqual([]);
    expect(findIntegrityViolations({ argv: ['electron', '--js-flags=x'], env: {} }, { testBuild: true })).toHaveLength(
      1,
    );
  });
});
