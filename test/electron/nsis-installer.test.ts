/**
 * build/installer.nsh compiled with the real NSIS compiler (Debian's `nsis` package), where it is
 * installed: the script must compile, and every path that ends with a managed file in
 * %ProgramData%\Vigil must leave it and its folder owned by Administrators (Vigil refuses anything
 * else at start, main/config/managed-config-trust/win32.ts). Running the installer needs Windows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures';
import { skipWithout } from '../support/suite-requirement';

const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' });
const skip = skipWithout(
  'The NSIS installer script test',
  makensis.status === 0 ? null : 'makensis is not installed (apt-get install nsis)',
);

describe.skipIf(skip)('the NSIS installer script', () => {
  it('compiles, and gives the folder and every file it copies to Administrators with the admin-only ACL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-nsis-'));
    try {
      const script = join(dir, 'test.nsi');
      await writeFile(
        script,
        [
          'Unicode true',
          `OutFile "${join(dir, 'test.exe')}"`,
          'InstallDir "$PROGRAMFILES\\Vigil"',
          'RequestExecutionLevel admin',
          `!include "${join(repoRoot, 'build', 'installer.nsh')}"`,
          'Section "Install"',
          '  !insertmacro customInstall',
          'SectionEnd',
        ].join('\n'),
      );
      const log = execFileSync('makensis', ['-V4', script], { encoding: 'utf8' });
      const commands = log.split('\n').filter((line) => /^(Plugin command: Exec|CopyFiles)/.test(line));
      const folder = '"$APPDATA\\Vigil"';
      const file = '"$APPDATA\\Vigil\\config.json"';
      expect(commands[0]).toBe(`Plugin command: Exec icacls ${folder} /setowner *S-1-5-32-544`);
      expect(commands).toContain(
        `Plugin command: Exec icacls ${folder} /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX`,
      );
      // After each copy, the copied file's owner and whole DACL are set before anything else happens.
      const copies = commands.flatMap((line, index) => (line.startsWith('CopyFiles') ? [index] : []));
      expect(copies).toHaveLength(2);
      for (const index of copies) {
        expect(commands[index + 1]).toBe(`Plugin command: Exec icacls ${file} /setowner *S-1-5-32-544`);
        expect(commands[index + 3]).toContain(
          "SetSecurityDescriptorSddlForm('O:BAG:BAD:PAI(A;;FA;;;BA)(A;;FA;;;SY)(A;;0x1200a9;;;BU)')",
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
