/**
 * A managed configuration is only trusted when no ordinary user could have written it: its values
 * win over the exam's policy (even the quit password), so a file a candidate planted would unlock
 * the exam. One check per OS: owned by root (and writable by no one else) on macOS and Linux, owned by
 * Administrators or SYSTEM on Windows.
 */
import { posixManagedConfigTrust } from './posix';
import { createWin32ManagedConfigTrust } from './win32';

/** null when trusted, else what is wrong (shown to whoever deployed the file). */
export type TrustCheck = (path: string) => Promise<string | null>;

const BY_PLATFORM: Partial<Record<NodeJS.Platform, TrustCheck>> = {
  win32: (path) => createWin32ManagedConfigTrust()(path),
  darwin: posixManagedConfigTrust,
  linux: posixManagedConfigTrust,
};

export function managedConfigTrust(platform: NodeJS.Platform = process.platform): TrustCheck {
  return BY_PLATFORM[platform] ?? posixManagedConfigTrust;
}
