/**
 * Navigation and permissions during the exam. The hardening itself (will-navigate, will-redirect,
 * window-open deny, no <webview>, permission allow-list, downloads cancelled) is on from the first web
 * contents (security/web-contents-hardening); this step opens the exam's own origins to the exam view
 * for the duration of the exam and closes them again.
 */
import type { NavigationPolicy } from '../../security/navigation-policy';
import type { LockdownStep } from '../lockdown-step';

export interface NavigationStepDeps {
  navigation: NavigationPolicy;
  startUrl: string;
  allowedUrls: readonly string[];
}

export function createNavigationStep(deps: NavigationStepDeps): LockdownStep {
  return {
    name: 'navigation',
    async apply() {
      deps.navigation.allowExam(deps.startUrl, deps.allowedUrls);
    },
    async revert() {
      deps.navigation.clearExam();
    },
  };
}
