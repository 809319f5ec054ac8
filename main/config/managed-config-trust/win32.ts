/**
 * Windows: the managed file and its folder must be owned by Administrators or SYSTEM. A standard user
 * owns whatever they create, and an owner can always rewrite an object's ACL, so a file a candidate
 * planted (or a folder they made before Vigil was installed) is refused. The installers set the owner
 * (build/installer.nsh, build/msi-project-created.mjs) along with an Administrators/SYSTEM-only ACL.
 * Node cannot read owners; PowerShell's Get-Acl can, as locale-independent SIDs. The lookup is a
 * parameter so the rule is tested in plain Node.
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import type { TrustCheck } from './index';

export const TRUSTED_OWNERS: Readonly<Record<string, string>> = {
  'S-1-5-32-544': 'Administrators',
  'S-1-5-18': 'SYSTEM',
};

/** Owner SIDs of `paths`, in order. */
export type OwnerLookup = (paths: readonly string[]) => Promise<string[]>;

export function createWin32ManagedConfigTrust(lookup: OwnerLookup = powershellOwnerLookup()): TrustCheck {
  return async (path) => {
    const paths = [path, win32.dirname(path)];
    let owners: string[];
    try {
      owners = await lookup(paths);
    } catch (error) {
      return `the owner of ${path} could not be read (${error instanceof Error ? error.message : String(error)})`;
    }
    for (const [index, checked] of paths.entries()) {
      const owner = owners[index];
      if (!owner || !Object.hasOwn(TRUSTED_OWNERS, owner)) {
        return `${checked} must be owned by Administrators or SYSTEM, not ${owner ?? 'nobody'} (icacls "${checked}" /setowner *S-1-5-32-544)`;
      }
    }
    return null;
  };
}

const SID = /^S-1-\d+(-\d+)+$/;
/** Paths travel in an environment variable, never in the command, so no path can inject PowerShell. */
export const OWNER_SCRIPT =
  '$ErrorActionPreference = \'Stop\'; foreach ($p in ($env:VIGIL_OWNER_PATHS -split "`n")) ' +
  '{ (Get-Acl -LiteralPath $p).GetOwner([System.Security.Principal.SecurityIdentifier]).Value }';

export function parseOwnerOutput(stdout: string, expected: number): string[] {
  const sids = stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (sids.length !== expected || !sids.every((sid) => SID.test(sid))) {
    throw new Error(`unexpected answer from Get-Acl: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  return sids;
}

/**
 * Windows PowerShell by absolute path: a powershell.exe earlier on PATH must not answer for it. The
 * environment is the candidate's if they start Vigil from a shell, so only `<drive>:\\Windows` is taken
 * from it (docs/client.md, threat model: what is out of reach).
 */
export function powershellPath(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? '';
  const systemRoot = /^[A-Za-z]:\\Windows$/i.test(root) ? root : 'C:\\Windows';
  return win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

type Runner = (
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
) => Promise<{ stdout: string; stderr: string }>;

const runWithExecFile: Runner = (file, args, env) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { env, windowsHide: true, timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve({ stdout, stderr }),
    );
  });

export function powershellOwnerLookup(
  env: NodeJS.ProcessEnv = process.env,
  run: Runner = runWithExecFile,
): OwnerLookup {
  return async (paths) => {
    const { stdout } = await run(
      powershellPath(env),
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', OWNER_SCRIPT],
      { ...env, VIGIL_OWNER_PATHS: paths.join('\n') },
    );
    return parseOwnerOutput(stdout, paths.length);
  };
}
