/**
 * The configuration in force: the managed file wins, then the user's settings (electron-store), then
 * the environment (VIGIL_SERVICE_URL) and the built-in default.
 */
import type { ManagedConfig } from '../../shared/managed-config';
import type { ExamPolicy } from '../../shared/policy';
import { DEFAULT_SERVICE_URL } from '../ipc/create-node-deps';

/** What a candidate or support person may set in the UI (ignored wherever the managed file sets it). */
export interface UserSettings {
  serviceUrl?: string;
}

export type ConfigSource = 'managed' | 'user' | 'environment' | 'default';

export interface AppConfig {
  managed: boolean;
  serviceUrl: string;
  serviceUrlSource: ConfigSource;
  applyPolicyOverrides(policy: ExamPolicy): ExamPolicy;
  /** Settings the UI must show as locked. */
  lockedSettings: ReadonlySet<keyof UserSettings>;
}

export function resolveAppConfig(input: {
  managed: ManagedConfig | null;
  user: UserSettings;
  env: NodeJS.ProcessEnv;
}): AppConfig {
  const { managed, user, env } = input;
  const envUrl = env.VIGIL_SERVICE_URL?.trim();
  const [serviceUrl, serviceUrlSource]: [string, ConfigSource] = managed?.serviceUrl
    ? [managed.serviceUrl, 'managed']
    : user.serviceUrl
      ? [user.serviceUrl, 'user']
      : envUrl
        ? [envUrl, 'environment']
        : [DEFAULT_SERVICE_URL, 'default'];
  const locked = managed?.policy;
  return {
    managed: managed !== null,
    serviceUrl,
    serviceUrlSource,
    lockedSettings: new Set(managed?.serviceUrl ? ['serviceUrl'] : []),
    applyPolicyOverrides(policy) {
      if (!locked) return policy;
      return {
        ...policy,
        ...(locked.allowedDisplays === undefined ? {} : { allowedDisplays: locked.allowedDisplays }),
        ...(locked.allowVirtualMachine === undefined ? {} : { allowVirtualMachine: locked.allowVirtualMachine }),
        ...(locked.quitPasswordHash === undefined ? {} : { quitPasswordHash: locked.quitPasswordHash }),
        ...(locked.minFreeDiskMb === undefined ? {} : { minFreeDiskMb: locked.minFreeDiskMb }),
        ...(locked.allowPreview === undefined ? {} : { allowPreview: locked.allowPreview }),
        prohibitedProcesses: [...new Set([...policy.prohibitedProcesses, ...(locked.prohibitedProcesses ?? [])])],
      };
    },
  };
}
