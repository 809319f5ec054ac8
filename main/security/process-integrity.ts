/**
 * Refuse to run under a debugger or as plain Node: command-line switches that open an inspector or a
 * remote-debugging port, and the environment variables that turn Electron into Node. The fuses
 * (electron-builder.yml) disable most of these in the binary; this check covers the rest
 * (`--remote-debugging-port` is Chromium's, no fuse turns it off) and unpackaged runs.
 */
export const FORBIDDEN_SWITCHES: readonly string[] = [
  '--inspect',
  '--inspect-brk',
  '--inspect-port',
  '--inspect-publish-uid',
  '--debug',
  '--debug-brk',
  '--remote-debugging-port',
  '--remote-debugging-pipe',
  '--remote-allow-origins',
  '--js-flags',
  '--disable-web-security',
  '--ignore-certificate-errors',
  '--load-extension',
  '--proxy-server',
  '--host-rules',
  '--host-resolver-rules',
];

export const FORBIDDEN_ENVIRONMENT: readonly string[] = ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS'];

/** What the Playwright test build needs to be launched by `_electron.launch` (see electron-builder.test.yml). */
export const TEST_BUILD_SWITCHES: readonly string[] = ['--inspect', '--remote-debugging-port'];

export interface ProcessFacts {
  argv: readonly string[];
  execArgv?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

function matches(arg: string, forbidden: string): boolean {
  const name = arg.split('=')[0]!.toLowerCase();
  return name === forbidden || (forbidden === '--inspect' && name.startsWith('--inspect'));
}

/** Human-readable violations; empty when the process may run. */
export function findIntegrityViolations(facts: ProcessFacts, options: { testBuild?: boolean } = {}): string[] {
  const allowed = options.testBuild ? TEST_BUILD_SWITCHES : [];
  const violations: string[] = [];
  for (const arg of [...(facts.execArgv ?? []), ...facts.argv]) {
    if (!arg.startsWith('-')) continue;
    const forbidden = FORBIDDEN_SWITCHES.find((candidate) => matches(arg, candidate));
    if (!forbidden) continue;
    if (allowed.some((candidate) => matches(arg, candidate))) continue;
    violations.push(`started with ${arg.split('=')[0]}`);
  }
  for (const name of FORBIDDEN_ENVIRONMENT) {
    const value = facts.env[name];
    if (value !== undefined && value !== '') violations.push(`environment variable ${name} is set`);
  }
  return violations;
}
