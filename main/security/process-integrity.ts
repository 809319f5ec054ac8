/**
 * Refuse to run under a debugger or as plain Node: command-line switches that open an inspector or a
 * remote-debugging port, and the environment variables that turn Electron into Node. The fuses
 * (electron-builder.yml) disable most of these in the binary; this check covers the rest
 * (`--remote-debugging-port` is Chromium's, no fuse turns it off) and unpackaged runs.
 *
 * A switch counts however Chromium or Node would accept it: `--x`, `-x`, `/x` (Windows only: on
 * macOS and Linux `/x` is a path), any case, `_` for `-` (Node accepts both), `=value` or a value in
 * the next argument. Chromium's own parse is asked too (`app.commandLine.hasSwitch`), so a spelling
 * this parser misses is still caught.
 */
export const FORBIDDEN_SWITCHES: readonly string[] = [
  'inspect',
  'inspect-brk',
  'inspect-brk-node',
  'inspect-port',
  'inspect-publish-uid',
  'inspect-wait',
  'debug',
  'debug-brk',
  'debug-port',
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'js-flags',
  'disable-web-security',
  'ignore-certificate-errors',
  'load-extension',
  'proxy-server',
  'proxy-pac-url',
  'host-rules',
  'host-resolver-rules',
];

export const FORBIDDEN_ENVIRONMENT: readonly string[] = ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS'];

/** What the Playwright test build needs to be launched by `_electron.launch` (see electron-builder.test.yml). */
export const TEST_BUILD_SWITCHES: readonly string[] = ['inspect', 'remote-debugging-port'];

export interface ProcessFacts {
  argv: readonly string[];
  execArgv?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Windows also accepts `/switch`. Defaults to this process's platform. */
  platform?: NodeJS.Platform;
  /** Chromium's parsed command line: `app.commandLine.hasSwitch` (name without dashes). */
  hasSwitch?: (name: string) => boolean;
}

/** The switch an argument names (lowercase, dashes for underscores, no prefix or value), or null. */
export function switchName(arg: string, platform: NodeJS.Platform): string | null {
  const prefix = /^--?/.exec(arg)?.[0] ?? (platform === 'win32' && arg.startsWith('/') ? '/' : '');
  if (!prefix) return null;
  const name = arg.slice(prefix.length).split('=')[0]!.trim().toLowerCase().replace(/_/g, '-');
  return name === '' ? null : name;
}

function matches(name: string, forbidden: string): boolean {
  // Node adds inspector flags now and then (`--inspect-wait`): every `inspect…` is refused.
  return name === forbidden || (forbidden === 'inspect' && name.startsWith('inspect'));
}

/** Human-readable violations; empty when the process may run. */
export function findIntegrityViolations(facts: ProcessFacts, options: { testBuild?: boolean } = {}): string[] {
  const allowed = options.testBuild ? TEST_BUILD_SWITCHES : [];
  const platform = facts.platform ?? process.platform;
  const isAllowed = (name: string) => allowed.some((candidate) => matches(name, candidate));
  const found = new Set<string>();
  const violations: string[] = [];
  const refuse = (name: string, how: string) => {
    if (found.has(name)) return;
    found.add(name);
    violations.push(`started with --${name}${how}`);
  };
  for (const arg of [...(facts.execArgv ?? []), ...facts.argv]) {
    const name = switchName(arg, platform);
    if (name === null || isAllowed(name)) continue;
    if (FORBIDDEN_SWITCHES.some((candidate) => matches(name, candidate))) {
      const written = arg.split('=')[0]!;
      refuse(name, written === `--${name}` ? '' : ` (written ${written})`);
    }
  }
  if (facts.hasSwitch) {
    for (const name of FORBIDDEN_SWITCHES) {
      if (!found.has(name) && !isAllowed(name) && facts.hasSwitch(name)) refuse(name, ' (per Chromium)');
    }
  }
  for (const name of FORBIDDEN_ENVIRONMENT) {
    const value = facts.env[name];
    if (value !== undefined && value !== '') violations.push(`environment variable ${name} is set`);
  }
  return violations;
}
