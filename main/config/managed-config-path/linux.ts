/** /etc, owned by root: the deb package's conffile location. */
export function linuxManagedConfigPath(): string {
  return '/etc/vigil/config.json';
}
