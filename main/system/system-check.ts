/** `system:check`: what the candidate's machine looks like against the exam's policy, gathered in one report. */
import type { SystemReport } from '../../shared/ipc/contract';
import type { ExamPolicy } from '../../shared/policy';
import type { NetworkMeasurement } from './network-probe';
import { findProhibitedProcesses, prohibitedProcessNames } from './prohibited-processes';
import type { SystemProbe } from './system-probe';
import { detectVirtualMachine } from './virtual-machine';

export interface SystemCheckDeps {
  probe: SystemProbe;
  /** Electron's screen when there is one; otherwise the probe's best guess. */
  displayCount?: () => number;
  measureNetwork(): Promise<NetworkMeasurement>;
  /** Where recordings are spooled: its file system must have room for them. */
  spoolDir: string;
  platform?: NodeJS.Platform;
}

export async function runSystemCheck(deps: SystemCheckDeps, policy: ExamPolicy): Promise<SystemReport> {
  const [os, processes, vmFacts, probedDisplays, freeBytes, network] = await Promise.all([
    deps.probe.os(),
    deps.probe.processes(),
    deps.probe.virtualMachineFacts(),
    deps.displayCount ? Promise.resolve(deps.displayCount()) : deps.probe.displayCount(),
    deps.probe.freeDiskBytes(deps.spoolDir),
    deps.measureNetwork(),
  ]);
  const prohibited = findProhibitedProcesses(
    processes,
    prohibitedProcessNames(policy.prohibitedProcesses, deps.platform),
  );
  const vm = detectVirtualMachine(vmFacts);
  return {
    os,
    virtualMachine: { detected: vm.detected, reasons: vm.reasons, allowed: policy.allowVirtualMachine },
    prohibitedProcesses: prohibited.map((p) => ({ name: p.name, pid: p.pid })),
    displays: { count: probedDisplays ?? 1, allowed: policy.allowedDisplays },
    disk: { freeBytes, requiredBytes: policy.minFreeDiskMb * 1024 * 1024 },
    network,
  };
}
