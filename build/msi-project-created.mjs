// electron-builder `msiProjectCreated` hook: called with the generated WiX project before it is compiled.
// Adds %ProgramData%\Vigil with an administrators-and-SYSTEM-only ACL (users may read), and, when the
// centre put build/managed/config.json in place, installs it there: the MSI equivalent of
// build/installer.nsh. (Not exercised on Linux CI, which cannot run WiX; the transform is unit-tested.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Owner and group Administrators; full control for Administrators and SYSTEM; read & execute for Users.
// Vigil refuses a managed file or folder not owned by Administrators or SYSTEM (managed-config-trust/win32.ts).
const SDDL = 'O:BAG:BAD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)';
const FILE_SDDL = 'O:BAG:BAD:PAI(A;;FA;;;BA)(A;;FA;;;SY)(A;;0x1200a9;;;BU)';
// Fixed so upgrades recognise the component (a folder-only component has no file to derive one from).
const COMPONENT_GUID = '6C0F5E2B-3D0B-4F4B-9C1E-5A8E1D2B7F41';

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function addManagedConfig(wxs, configPath) {
  const targetDir = '<Directory Id="TARGETDIR" Name="SourceDir">';
  const feature = '<ComponentGroupRef Id="ProductComponents"/>';
  if (!wxs.includes(targetDir) || !wxs.includes(feature))
    throw new Error('unexpected WiX template: cannot add the managed configuration');
  const file = configPath
    ? `<File Id="VigilManagedConfigFile" Name="config.json" Source="${escapeXml(configPath)}" KeyPath="yes"><PermissionEx Sddl="${FILE_SDDL}"/></File>`
    : '';
  const component = [
    `<Component Id="VigilManagedConfig" Directory="VIGILPROGRAMDATA" Guid="${COMPONENT_GUID}" Permanent="yes">`,
    `<CreateFolder><PermissionEx Sddl="${SDDL}"/></CreateFolder>`,
    file,
    '</Component>',
  ].join('');
  return wxs
    .replace(
      targetDir,
      `${targetDir}<Directory Id="CommonAppDataFolder"><Directory Id="VIGILPROGRAMDATA" Name="Vigil"/></Directory>`,
    )
    .replace(feature, `${feature}<ComponentRef Id="VigilManagedConfig"/>`)
    .replace('</Product>', `<DirectoryRef Id="VIGILPROGRAMDATA">${component}</DirectoryRef></Product>`);
}

export async function msiProjectCreated(projectFile) {
  const configPath = resolve(dirname(fileURLToPath(import.meta.url)), 'managed', 'config.json');
  const wxs = readFileSync(projectFile, 'utf8');
  writeFileSync(projectFile, addManagedConfig(wxs, existsSync(configPath) ? configPath : null));
}

export default msiProjectCreated;
