/**
 * The configuration in force: the managed file wins, then the user's settings (electron-store), then
 * the environment (VIGIL_SERVICE_URL) and the built-in default. A production build listens only to the
 * managed file and the URL fixed at build time, and only to https (service-origin.ts): the user
 * setting and the environment are the candidate's to change.
 */
import type { ManagedConfig } from '../../shared/managed-config';
import type { ExamPolicy } from '../../shared/policy';
import { DEFAULT_SERVICE_URL, serviceUrlProblem, ServiceOriginError } from './service-origin';

/** What a candidate or support person may set in the UI (ignored wherever the managed file sets it). */
export interface UserSettings {
  serviceUrl?: string;
}

export type ConfigSource = 'managed' | 'build' | 'user' | 'environment' | 'default';

export interface BuildSettings {
  /** A packaged build that is not the Playwright test build. */
  production: boolean;
  /** The service URL fixed at build time (`MAIN_VITE_VIGIL_SERVICE_URL`), if any. */
  serviceUrl?: string;
}

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
  build?: BuildSettings;
}): AppConfig {
  const { managed, user, env } = input;
  const build = input.build ?? { production: false };
  const envUrl = env.VIGIL_SERVICE_URL?.trim();
  const builtIn = build.serviceUrl?.trim();
  const candidates: [string | undefined, ConfigSource][] = build.production
    ? [
        [managed?.serviceUrl, 'managed'],
        [builtIn, 'build'],
      ]
    : [
        [managed?.serviceUrl, 'managed'],
        [user.serviceUrl, 'user'],
        [envUrl, 'environment'],
        [builtIn, 'build'],
        [DEFAULT_SERVICE_URL, 'default'],
      ];
  const chosen = candidates.find(([url]) => url);
  if (!chosen) {
    throw new ServiceOriginError(
      'This build names no exam service: a testing centre sets "serviceUrl" in the managed configuration, ' +
        'or the build fixes one with MAIN_VITE_VIGIL_SERVICE_URL=https://…',
    );
  }
  const [serviceUrl, serviceUrlSource] = chosen as [string, ConfigSource];
  const problem = serviceUrlProblem(serviceUrl, build.production);
  if (problem)
    throw new ServiceOriginError(`The exam service (from the ${serviceUrlSource} setting) is refused: ${problem}.`);
  const locked = managed?.policy;
  return {
    managed: managed !== null,
    serviceUrl,
    serviceUrlSource,
    lockedSettings: new Set(managed?.serviceUrl || build.production ? ['serviceUrl'] : []),
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
