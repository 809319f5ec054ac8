import type { CheckFlow, CheckStep } from '../../../shared/steps';
import type { CheckOutcome } from '../../checks/check-result';
import { useChecksStore } from '../../stores/checks-store';

export function useStepOutcome(flow: CheckFlow, step: CheckStep): CheckOutcome | undefined {
  return useChecksStore((state) => state.flows[flow]?.outcomes[step]);
}
