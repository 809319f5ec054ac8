/**
 * Windows: Node cannot read ACLs, so trust rests on the installer. The per-machine NSIS installer
 * creates %ProgramData%\Vigil with an administrators-and-SYSTEM-only ACL (build/installer.nsh), so a
 * standard user can neither create nor change config.json there; MSI deployments set the same ACL by
 * policy (docs/client.md). Nothing to check at run time.
 */
export async function win32ManagedConfigTrust(): Promise<string | null> {
  return null;
}
