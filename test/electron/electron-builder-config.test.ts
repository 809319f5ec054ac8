import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { managedConfigSchema } from '../../shared/managed-config';
import { repoRoot } from '../support/fixtures';

/** electron-builder's own config loading and JSON-schema validation (offline), from the installed electron-builder. */
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, options: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = requireFromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
// The MSI hook is a plain .mjs (electron-builder imports it); typed here for the test.
const { addManagedConfig } = (await import(pathToFileURL(join(repoRoot, 'build', 'msi-project-created.mjs')).href)) as {
  addManagedConfig(wxs: string, configPath: string | null): string;
};

const PRODUCTION_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
};

async function load(file: string): Promise<Record<string, unknown>> {
  const config = await getConfig(repoRoot, join(repoRoot, file), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder configuration', () => {
  it('electron-builder.yml passes electron-builder validation and flips the fuses the issue lists', async () => {
    const config = await load('electron-builder.yml');
    expect(config.electronFuses).toEqual(PRODUCTION_FUSES);
    expect(config.protocols).toEqual([{ name: 'Vigil launch link', schemes: ['vigil'] }]);
    expect(config.win).toMatchObject({ target: ['nsis', 'msi'] });
    expect(config.nsis).toMatchObject({ perMachine: true, include: 'build/installer.nsh' });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.mac).toMatchObject({ target: ['dmg', 'pkg'] });
    expect(config.pkg).toMatchObject({ scripts: 'build/pkg-scripts' });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.extraResources).toEqual([{ from: 'build/managed', to: 'managed', filter: ['config.json'] }]);
  });

  it('the Playwright test build differs only by keeping the inspect fuse', async () => {
    const config = await load('electron-builder.test.yml');
    expect(config.electronFuses).toEqual({ ...PRODUCTION_FUSES, enableNodeCliInspectArguments: true });
    expect(config.protocols).toEqual([{ name: 'Vigil launch link', schemes: ['vigil'] }]);
    expect(config.directories).toMatchObject({ output: 'dist-test' });
  });

  it('a misspelt option fails the same validation (so the test above can fail)', async () => {
    await expect(
      validateConfiguration({ electronFuses: { runAsNodes: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('the example managed configuration matches the schema the app enforces', async () => {
    const example = JSON.parse(
      await readFile(join(repoRoot, 'build', 'managed', 'config.example.json'), 'utf8'),
    ) as unknown;
    expect(managedConfigSchema.safeParse(example).success).toBe(true);
  });

  it("the MSI hook adds %ProgramData%\\Vigil (admin-only ACL) and the centre's file to electron-builder's WiX template", async () => {
    const template = await readFile(
      join(requireFromBuilder.resolve('app-builder-lib/package.json'), '..', 'templates', 'msi', 'template.xml'),
      'utf8',
    );
    const withFile = addManagedConfig(template, 'C:\\build\\managed\\config.json');
    expect(withFile).toContain(
      '<Directory Id="CommonAppDataFolder"><Directory Id="VIGILPROGRAMDATA" Name="Vigil"/></Directory>',
    );
    expect(withFile).toContain('<ComponentRef Id="VigilManagedConfig"/>');
    expect(withFile).toMatch(
      /<PermissionEx Sddl="O:BAG:BAD:PAI\(A;OICI;FA;;;BA\)\(A;OICI;FA;;;SY\)\(A;OICI;0x1200a9;;;BU\)"\/>/,
    );
    expect(withFile).toContain('Name="config.json" Source="C:\\build\\managed\\config.json"');
    // The file itself is owned by Administrators too: Vigil refuses one that is not.
    expect(withFile).toContain(
      'Source="C:\\build\\managed\\config.json" KeyPath="yes"><PermissionEx Sddl="O:BAG:BAD:PAI(A;;FA;;;BA)(A;;FA;;;SY)(A;;0x1200a9;;;BU)"/></File>',
    );
    expect(addManagedConfig(template, null)).not.toContain('<File Id="VigilManagedConfigFile"');
    expect(() => addManagedConfig('<Wix/>', null)).toThrow(/unexpected WiX template/);
  });
});
