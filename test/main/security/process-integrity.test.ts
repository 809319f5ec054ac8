import { describe, expect, it } from 'vitest';
import { app, resetElectronFakes } from '../../mocks/electron';
import { findIntegrityViolations, switchName } from '../../../main/security/process-integrity';

const SWITCHES = ['remote-debugging-port', 'inspect', 'inspect-brk', 'remote-debugging-pipe', 'js-flags'] as const;
const VALUE: Record<(typeof SWITCHES)[number], string> = {
  'remote-debugging-port': '9222',
  inspect: '9229',
  'inspect-brk': '0',
  'remote-debugging-pipe': '',
  'js-flags': '--allow-natives-syntax',
};

/** Every way Chromium (or Node) accepts the switch: [platform, argv after the executable]. */
function spellings(name: (typeof SWITCHES)[number]): [string, NodeJS.Platform, string[]][] {
  const value = VALUE[name];
  const upper = name.toUpperCase();
  const mixed = name.replace(/(^|-)(\w)/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  const underscored = name.replace(/-/g, '_');
  return [
    ['--x', 'linux', [`--${name}`]],
    ['--x=value', 'linux', [`--${name}=${value}`]],
    ['--x value', 'linux', [`--${name}`, value || 'x']],
    ['-x', 'linux', [`-${name}`]],
    ['-x=value', 'darwin', [`-${name}=${value}`]],
    ['--X (upper case)', 'linux', [`--${upper}`]],
    ['--Mixed=value', 'darwin', [`--${mixed}=${value}`]],
    ['--x_y (underscores)', 'linux', [`--${underscored}`]],
    ['/x on Windows', 'win32', [`/${name}`]],
    ['/X=value on Windows', 'win32', [`/${upper}=${value}`]],
    ['/x value on Windows', 'win32', [`/${mixed}`, value || 'x']],
    ['-X on Windows', 'win32', [`-${upper}`]],
    ['--x after a deep link', 'win32', ['vigil://launch/abc', `--${name}=${value}`]],
  ];
}

const TABLE = SWITCHES.flatMap((name) =>
  spellings(name).map(([spelling, platform, args]) => ({ name, spelling, platform, args })),
);

describe('process integrity', () => {
  it('accepts a plain start, including a deep link argument', () => {
    expect(
      findIntegrityViolations({ argv: ['/opt/Vigil/vigil', 'vigil://launch/abc'], env: { HOME: '/home/c' } }),
    ).toEqual([]);
  });

  it.each(TABLE)('refuses $name written $spelling ($platform)', ({ name, platform, args }) => {
    const violations = findIntegrityViolations({
      argv: ['C:\\Program Files\\Vigil\\Vigil.exe', ...args],
      env: {},
      platform,
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(new RegExp(`^started with --${name}\\b`));
  });

  it.each(SWITCHES)("refuses %s when only Chromium's own parse sees it (app.commandLine.hasSwitch)", (name) => {
    resetElectronFakes();
    app.commandLine.appendSwitch(name, VALUE[name]);
    const hasSwitch = (switchName: string) => app.commandLine.hasSwitch(switchName);
    expect(findIntegrityViolations({ argv: ['vigil'], env: {}, platform: 'linux', hasSwitch })).toEqual([
      `started with --${name} (per Chromium)`,
    ]);
    resetElectronFakes();
    expect(findIntegrityViolations({ argv: ['vigil'], env: {}, platform: 'linux', hasSwitch })).toEqual([]);
  });

  it('reads /x as a switch only on Windows (elsewhere it is a path), and never a non-switch argument', () => {
    expect(switchName('/inspect', 'linux')).toBeNull();
    expect(switchName('/inspect', 'win32')).toBe('inspect');
    expect(switchName('vigil://launch/--inspect', 'win32')).toBeNull();
    expect(switchName('--', 'linux')).toBeNull();
    expect(findIntegrityViolations({ argv: ['/inspect/vigil'], env: {}, platform: 'darwin' })).toEqual([]);
  });

  it.each([['--disable-web-security'], ['-Ignore-Certificate-Errors'], ['--proxy-server=127.0.0.1:8888']])(
    'refuses %s',
    (arg) => {
      expect(findIntegrityViolations({ argv: ['/opt/Vigil/vigil', arg], env: {}, platform: 'linux' })).toHaveLength(1);
    },
  );

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
    const hasSwitch = (name: string) => name === 'inspect' || name === 'remote-debugging-port';
    const playwright = {
      argv: ['electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js'],
      env: {},
      hasSwitch,
    };
    expect(findIntegrityViolations(playwright)).toHaveLength(2);
    expect(findIntegrityViolations(playwright, { testBuild: true })).toEqual([]);
    expect(findIntegrityViolations({ argv: ['electron', '--js-flags=x'], env: {} }, { testBuild: true })).toHaveLength(
      1,
    );
    expect(
      findIntegrityViolations({ argv: ['electron'], env: {}, hasSwitch: (n) => n === 'js-flags' }, { testBuild: true }),
    ).toEqual(['started with --js-flags (per Chromium)']);
  });
});
