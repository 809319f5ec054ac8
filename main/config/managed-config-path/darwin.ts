/** The machine-wide Application Support folder, writable by administrators only. */
export function darwinManagedConfigPath(): string {
  return '/Library/Application Support/Vigil/config.json';
}
