/** The service as a real child process (`tsx server/cli.ts …`), for tests that kill and restart it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { repoRoot } from './fixtures';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function cliArgs(args: string[]): string[] {
  return ['--import', 'tsx', 'server/cli.ts', ...args];
}

/** Runs a CLI command to completion (account create/list/rotate). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, cliArgs(args), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `serve --port 0` and resolves once it logs the address it listens on. */
export async function startServiceProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, cliArgs(['serve', '--port', '0', ...args]), {
    cwd: repoRoot,
    env: { ...process.env, VIGIL_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"vigil service listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
