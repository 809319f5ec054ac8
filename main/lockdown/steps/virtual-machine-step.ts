/** A virtual machine (which could be screen-shared or snapshotted from its host) is refused unless the policy allows it (VIRTUAL_MACHINE). */
import type { IncidentSink } from '../../incidents/incident-reporter';
import { BridgeError } from '../../core/bridge-error';
import type { Logger } from '../../logger';
import { detectVirtualMachine, type VirtualMachineFacts } from '../../system/virtual-machine';
import type { LockdownStep } from '../lockdown-step';

export interface VirtualMachineStepDeps {
  facts(): Promise<VirtualMachineFacts>;
  allowVirtualMachine: boolean;
  incidents: IncidentSink;
  log: Logger;
}

export function createVirtualMachineStep(deps: VirtualMachineStepDeps): LockdownStep {
  return {
    name: 'virtual-machine',
    async apply() {
      const result = detectVirtualMachine(await deps.facts());
      if (!result.detected) return;
      if (deps.allowVirtualMachine) {
        deps.log.info('virtual machine detected and allowed by the policy', { reasons: result.reasons });
        return;
      }
      deps.incidents.raise('VIRTUAL_MACHINE', { reasons: result.reasons }, 'The exam cannot run in a virtual machine.');
      throw new BridgeError(
        'virtual_machine',
        `This exam cannot run in a virtual machine (${result.reasons.join('; ')}).`,
      );
    },
    async revert() {
      // Detection changes nothing on the machine.
    },
  };
}
