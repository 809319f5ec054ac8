/** Re-checks at exam start what the app already checked at launch: no debugger switches, no Node mode. */
import { BridgeError } from '../../core/bridge-error';
import { findIntegrityViolations, type ProcessFacts } from '../../security/process-integrity';
import type { LockdownStep } from '../lockdown-step';

export function createProcessIntegrityStep(
  facts: () => ProcessFacts,
  options: { testBuild?: boolean } = {},
): LockdownStep {
  return {
    name: 'process-integrity',
    async apply() {
      const violations = findIntegrityViolations(facts(), options);
      if (violations.length > 0) {
        throw new BridgeError('integrity', `The exam client was started in debugging mode: ${violations.join('; ')}.`);
      }
    },
    async revert() {
      // Checking changes nothing.
    },
  };
}
