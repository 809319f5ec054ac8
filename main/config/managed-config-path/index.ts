/** The machine-wide path a testing centre's managed configuration is read from, per OS. */
import { darwinManagedConfigPath } from './darwin';
import { linuxManagedConfigPath } from './linux';
import { win32ManagedConfigPath } from './win32';

const BY_PLATFORM: Partial<Record<NodeJS.Platform, (env: NodeJS.ProcessEnv) => string>> = {
  win32: win32ManagedConfigPath,
  darwin: darwinManagedConfigPath,
  linux: linuxManagedConfigPath,
};

export function managedConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return (BY_PLATFORM[platform] ?? linuxManagedConfigPath)(env);
}
