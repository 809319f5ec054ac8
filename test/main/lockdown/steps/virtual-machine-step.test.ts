import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../main/core/bridge-error';
import { createVirtualMachineStep } from '../../../../main/lockdown/steps/virtual-machine-step';
import { silentLogger } from '../../../../main/logger';
import { detectVirtualMachine, type VirtualMachineFacts } from '../../../../main/system/virtual-machine';
import { recordingSink } from '../../../support/lockdown-fakes';

const physical: VirtualMachineFacts = {
  virtualFlag: false,
  manufacturer: 'Dell Inc.',
  model: 'Latitude 7440',
  biosVendor: 'Dell Inc.',
  macs: ['f8:75:a4:01:02:03'],
};

describe('virtual machine detection', () => {
  it('finds nothing on a physical machine', () => {
    expect(detectVirtualMachine(physical)).toEqual({ detected: false, reasons: [] });
  });

  it('names each signal: the virtual flag, a hypervisor MAC prefix and vendor strings', () => {
    const result = detectVirtualMachine({
      virtualFlag: true,
      virtualHost: 'VirtualBox',
      manufacturer: 'innotek GmbH',
      model: 'VirtualBox',
      biosVendor: 'innotek GmbH',
      macs: ['08-00-27-AA-BB-CC'],
    });
    expect(result.detected).toBe(true);
    expect(result.reasons).toEqual([
      'the system reports a virtual machine (VirtualBox)',
      'network card 08-00-27-AA-BB-CC belongs to VirtualBox',
      'manufacturer "innotek GmbH" is VirtualBox',
      'model "VirtualBox" is VirtualBox',
      'BIOS vendor "innotek GmbH" is VirtualBox',
    ]);
  });

  it('recognizes Hyper-V by its model string and QEMU by its vendor', () => {
    expect(
      detectVirtualMachine({ ...physical, manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' }).reasons,
    ).toEqual(['model "Virtual Machine" is Hyper-V']);
    expect(detectVirtualMachine({ ...physical, manufacturer: 'QEMU' }).detected).toBe(true);
  });
});

describe('virtual machine step', () => {
  const vm: VirtualMachineFacts = { ...physical, virtualFlag: true, virtualHost: 'KVM' };

  it('refuses to start in a VM the policy does not allow, and reports VIRTUAL_MACHINE', async () => {
    const incidents = recordingSink();
    const step = createVirtualMachineStep({
      facts: async () => vm,
      allowVirtualMachine: false,
      incidents,
      log: silentLogger,
    });
    const error = (await step.apply().catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('virtual_machine');
    expect(incidents.raised).toEqual([
      {
        type: 'VIRTUAL_MACHINE',
        details: { reasons: ['the system reports a virtual machine (KVM)'] },
        message: expect.any(String),
      },
    ]);
    await step.revert();
  });

  it('lets a VM through when the policy allows it, reporting nothing', async () => {
    const incidents = recordingSink();
    const step = createVirtualMachineStep({
      facts: async () => vm,
      allowVirtualMachine: true,
      incidents,
      log: silentLogger,
    });
    await step.apply();
    expect(incidents.raised).toEqual([]);
  });
});
