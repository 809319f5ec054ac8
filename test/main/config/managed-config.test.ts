import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAppConfig } from '../../../main/config/app-config';
import { loadManagedConfig, ManagedConfigError } from '../../../main/config/managed-config';
import { managedConfigPath } from '../../../main/config/managed-config-path';
import { posixManagedConfigTrust } from '../../../main/config/managed-config-trust/posix';
import {
  createWin32ManagedConfigTrust,
  OWNER_SCRIPT,
  parseOwnerOutput,
  powershellOwnerLookup,
  powershellPath,
  type OwnerLookup,
} from '../../../main/config/managed-config-trust/win32';
import { readUserSettings, writeUserSetting } from '../../../main/config/user-settings-store';
import { hashQuitPassword } from '../../../main/lockdown/quit-password';
import { examPolicySchema } from '../../../shared/policy';

describe('managed configuration', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-managed-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lives at the machine-wide path of each OS', () => {
    expect(managedConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Vigil\\config.json');
    expect(managedConfigPath('win32', {})).toBe('C:\\ProgramData\\Vigil\\config.json');
    expect(managedConfigPath('darwin', {})).toBe('/Library/Application Support/Vigil/config.json');
    expect(managedConfigPath('linux', {})).toBe('/etc/vigil/config.json');
  });

  it('is absent: not managed', async () => {
    expect(await loadManagedConfig(join(dir, 'config.json'))).toBeNull();
  });

  it('parses a valid file (with a BOM, as Notepad writes it)', async () => {
    const path = join(dir, 'config.json');
    await writeFile(
      path,
      '\uFEFF' +
        JSON.stringify({
          serviceUrl: 'https://exams.centre.example',
          policy: { allowedDisplays: 1, prohibitedProcesses: ['notes.exe'] },
        }),
    );
    expect(await loadManagedConfig(path)).toEqual({
      serviceUrl: 'https://exams.centre.example',
      policy: { allowedDisplays: 1, prohibitedProcesses: ['notes.exe'] },
    });
  });

  it.each([
    ['not JSON', '{ serviceUrl: https://x }', /not valid JSON/],
    ['an unknown field (a typo must not silently unlock)', '{"serviceURL": "https://x.example"}', /serviceURL/],
    ['a wrong type', '{"policy": {"allowedDisplays": "one"}}', /allowedDisplays/],
    ['a non-http service URL', '{"serviceUrl": "ftp://x.example"}', /serviceUrl/],
    ['a malformed quit password hash', '{"policy": {"quitPasswordHash": "plaintext"}}', /quitPasswordHash/],
  ])('stops the app on %s, with a message naming the file and the problem', async (_label, text, problem) => {
    const path = join(dir, 'config.json');
    await writeFile(path, text);
    const error = (await loadManagedConfig(path).catch((e: unknown) => e)) as ManagedConfigError;
    expect(error).toBeInstanceOf(ManagedConfigError);
    expect(error.message).toContain(path);
    expect(error.message).toContain('will not start');
    expect(error.message).toMatch(problem);
  });

  it("refuses a file that still carries an institution's key (centreAccount), saying what to do instead", async () => {
    const path = join(dir, 'config.json');
    await writeFile(
      path,
      JSON.stringify({
        serviceUrl: 'https://exams.centre.example',
        centreAccount: { accountId: 42, secretKey: 'a'.repeat(64) },
      }),
    );
    const error = (await loadManagedConfig(path).catch((e: unknown) => e)) as ManagedConfigError;
    expect(error).toBeInstanceOf(ManagedConfigError);
    expect(error.message).toContain(path);
    expect(error.message).toContain('will not start');
    expect(error.message).toContain('"centreAccount" is no longer accepted');
    expect(error.message).toMatch(/Remove it/);
    expect(error.message).toMatch(/account rotate/);
    expect(error.message).toMatch(/needs no key at all/);
    expect(error.message).toMatch(/device enrolment/);
    // The key itself is never repeated in the message (it ends up in logs and a dialog).
    expect(error.message).not.toContain('a'.repeat(64));
  });
});

describe('configuration precedence', () => {
  const policy = examPolicySchema.parse({
    allowedDisplays: 3,
    prohibitedProcesses: ['exam-list.exe'],
    allowVirtualMachine: true,
  });

  it('managed wins over the user setting, which wins over the environment and the default', () => {
    const managed = { serviceUrl: 'https://managed.example' };
    const user = { serviceUrl: 'https://user.example' };
    const env = { VIGIL_SERVICE_URL: 'https://env.example' };
    expect(resolveAppConfig({ managed, user, env })).toMatchObject({
      serviceUrl: 'https://managed.example',
      serviceUrlSource: 'managed',
      managed: true,
    });
    expect(resolveAppConfig({ managed: null, user, env })).toMatchObject({
      serviceUrl: 'https://user.example',
      serviceUrlSource: 'user',
      managed: false,
    });
    expect(resolveAppConfig({ managed: null, user: {}, env })).toMatchObject({
      serviceUrl: 'https://env.example',
      serviceUrlSource: 'environment',
    });
    expect(resolveAppConfig({ managed: null, user: {}, env: {} })).toMatchObject({
      serviceUrl: 'http://127.0.0.1:8080',
      serviceUrlSource: 'default',
    });
  });

  it("locked policy values replace the exam's; prohibited processes are added, never removed", async () => {
    const quitPasswordHash = await hashQuitPassword('centre', 2 ** 10);
    const config = resolveAppConfig({
      managed: {
        policy: {
          allowedDisplays: 1,
          allowVirtualMachine: false,
          prohibitedProcesses: ['notes.exe'],
          quitPasswordHash,
        },
      },
      user: {},
      env: {},
    });
    const effective = config.applyPolicyOverrides(policy);
    expect(effective.allowedDisplays).toBe(1);
    expect(effective.allowVirtualMachine).toBe(false);
    expect(effective.prohibitedProcesses).toEqual(['exam-list.exe', 'notes.exe']);
    expect(effective.quitPasswordHash).toBe(quitPasswordHash);
    expect(effective.trustThreshold).toBe(policy.trustThreshold);
    expect(resolveAppConfig({ managed: null, user: {}, env: {} }).applyPolicyOverrides(policy)).toBe(policy);
  });

  it('locks the settings the managed file sets', () => {
    const config = resolveAppConfig({ managed: { serviceUrl: 'https://managed.example' }, user: {}, env: {} });
    expect(Object.keys(config)).not.toContain('centreKey');
    const backend = {
      store: {} as Record<string, unknown>,
      set: (key: string, value: unknown) => void (backend.store[key] = value),
    };
    expect(writeUserSetting(backend, config.lockedSettings, 'serviceUrl', 'https://other.example')).toBe(false);
    expect(backend.store).toEqual({});
    expect(writeUserSetting(backend, new Set(), 'serviceUrl', 'https://other.example')).toBe(true);
    expect(readUserSettings(backend)).toEqual({ serviceUrl: 'https://other.example' });
    expect(readUserSettings({ store: { serviceUrl: 42 }, set: () => {} })).toEqual({});
  });
});

describe('managed configuration trust (POSIX)', () => {
  it('trusts a file only root could have written, checked up to /', async () => {
    expect(await posixManagedConfigTrust('/etc/passwd')).toBeNull();
    expect(await posixManagedConfigTrust('/etc/passwd', 12_345)).toBe('/etc/passwd must be owned by root');
  });

  it('distrusts a file in a folder others can write (a candidate could have planted it), and the app refuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-trust-'));
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ policy: { allowVirtualMachine: true } }));
    try {
      const reason = await posixManagedConfigTrust(path);
      expect(reason).toMatch(/must be owned by root|must not be writable by group or others/);
      await expect(loadManagedConfig(path, posixManagedConfigTrust)).rejects.toThrow(
        /could have been written by any user/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('managed configuration trust (Windows): owned by Administrators or SYSTEM', () => {
  const FILE = 'C:\\ProgramData\\Vigil\\config.json';
  const FOLDER = 'C:\\ProgramData\\Vigil';
  const CANDIDATE = 'S-1-5-21-3623811015-3361044348-30300820-1013';
  const owners =
    (byPath: Record<string, string>): OwnerLookup =>
    async (paths) =>
      paths.map((path) => byPath[path] ?? 'S-1-5-32-544');

  it('trusts a file and folder owned by Administrators or SYSTEM, as the installers leave them', async () => {
    const asked: string[][] = [];
    const lookup: OwnerLookup = async (paths) => {
      asked.push([...paths]);
      return ['S-1-5-18', 'S-1-5-32-544'];
    };
    expect(await createWin32ManagedConfigTrust(lookup)(FILE)).toBeNull();
    expect(asked).toEqual([[FILE, FOLDER]]);
  });

  it.each([
    ['the file', { [FILE]: CANDIDATE }, FILE],
    ['the folder (made by a candidate before Vigil was installed)', { [FOLDER]: CANDIDATE }, FOLDER],
  ])('refuses %s owned by an ordinary user, and the app stops on it', async (_label, byPath, culprit) => {
    const trust = createWin32ManagedConfigTrust(owners(byPath));
    const reason = await trust(FILE);
    expect(reason).toBe(
      `${culprit} must be owned by Administrators or SYSTEM, not ${CANDIDATE} (icacls "${culprit}" /setowner *S-1-5-32-544)`,
    );
    const dir = await mkdtemp(join(tmpdir(), 'vigil-win-trust-'));
    try {
      const path = join(dir, 'config.json');
      await writeFile(path, JSON.stringify({ policy: { allowVirtualMachine: true } }));
      await expect(loadManagedConfig(path, async () => reason)).rejects.toThrow(/could have been written by any user/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses when the owner cannot be read (PowerShell missing or blocked): never trusted by default', async () => {
    const trust = createWin32ManagedConfigTrust(async () => {
      throw new Error('powershell.exe not found');
    });
    expect(await trust(FILE)).toMatch(/owner of .* could not be read \(powershell\.exe not found\)/);
  });

  it('asks Windows PowerShell by absolute path, with the paths outside the command (no injection)', async () => {
    const calls: { file: string; args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
    const lookup = powershellOwnerLookup(
      { SystemRoot: 'D:\\Windows', PATH: 'C:\\Users\\c\\bin' },
      async (file, args, env) => {
        calls.push({ file, args, env });
        return { stdout: 'S-1-5-32-544\r\nS-1-5-18\r\n', stderr: '' };
      },
    );
    const planted = "C:\\ProgramData\\Vigil'; Start-Process calc; '\\config.json";
    expect(await lookup([planted, FOLDER])).toEqual(['S-1-5-32-544', 'S-1-5-18']);
    expect(calls[0]!.file).toBe('D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(calls[0]!.args.join(' ')).not.toContain('Start-Process');
    expect(calls[0]!.args).toContain(OWNER_SCRIPT);
    expect(calls[0]!.env.VIGIL_OWNER_PATHS).toBe(`${planted}\n${FOLDER}`);
    // A SystemRoot that is not <drive>:\\Windows (a folder the candidate made) falls back to the standard one.
    expect(powershellPath({ SystemRoot: 'C:\\Users\\c\\fake' })).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    expect(powershellPath({})).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('accepts only one SID per path from Get-Acl', () => {
    expect(parseOwnerOutput('S-1-5-32-544\nS-1-5-18\n', 2)).toEqual(['S-1-5-32-544', 'S-1-5-18']);
    expect(() => parseOwnerOutput('BUILTIN\\Administrators\n', 1)).toThrow(/unexpected answer/);
    expect(() => parseOwnerOutput('S-1-5-32-544\n', 2)).toThrow(/unexpected answer/);
  });
});
