/**
 * The computer itself (shown in the FINISH summary): operating system, virtual machine, free disk
 * for the exam's recordings, and the network to the service.
 */
import type { SystemReport } from '../../shared/ipc/contract';
import type { MessageKey } from '../i18n/messages';
import { failed, passed, type CheckOutcome } from './check-result';

export const COMPUTER_RULES = {
  supportedPlatforms: ['win32', 'darwin', 'linux'],
  /** Round trip to the service; above this, proctoring events arrive late. */
  maxLatencyMs: 800,
  /** Upload rate needed to send camera + screen recordings as they are made (~1 Mbit/s). */
  minUploadBytesPerSecond: 125_000,
} as const;

export type ComputerCheckId = 'os' | 'vm' | 'disk' | 'network';

export interface ComputerCheck {
  id: ComputerCheckId;
  label: MessageKey;
  outcome: CheckOutcome;
}

export function evaluateComputer(report: SystemReport, recordsMedia: boolean): ComputerCheck[] {
  return [
    { id: 'os', label: 'computer.os', outcome: evaluateOs(report.os) },
    { id: 'vm', label: 'computer.vm', outcome: evaluateVirtualMachine(report.virtualMachine) },
    { id: 'disk', label: 'computer.disk', outcome: evaluateDisk(report.disk) },
    { id: 'network', label: 'computer.network', outcome: evaluateNetwork(report.network, recordsMedia) },
  ];
}

export function evaluateOs(os: SystemReport['os']): CheckOutcome {
  const details = { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch };
  return (COMPUTER_RULES.supportedPlatforms as readonly string[]).includes(os.platform)
    ? passed(details)
    : failed('computer.osUnsupported', 'computer.fix.os', details);
}

export function evaluateVirtualMachine(vm: SystemReport['virtualMachine']): CheckOutcome {
  const details = { detected: vm.detected, allowed: vm.allowed, reasons: vm.reasons.join('; ') };
  if (vm.detected && !vm.allowed) return failed('computer.vmDetected', 'computer.fix.vm', details);
  return passed(details);
}

export function evaluateDisk(disk: SystemReport['disk']): CheckOutcome {
  const details = { freeBytes: disk.freeBytes, requiredBytes: disk.requiredBytes };
  return disk.freeBytes >= disk.requiredBytes
    ? passed(details)
    : failed('computer.diskLow', 'computer.fix.disk', details);
}

export function evaluateNetwork(network: SystemReport['network'], recordsMedia: boolean): CheckOutcome {
  const details = {
    online: network.online,
    latencyMs: network.latencyMs === null ? null : Math.round(network.latencyMs),
    uploadBytesPerSecond: network.uploadBytesPerSecond === null ? null : Math.round(network.uploadBytesPerSecond),
  };
  if (!network.online || network.latencyMs === null) return failed('computer.offline', 'computer.fix.network', details);
  if (network.latencyMs > COMPUTER_RULES.maxLatencyMs)
    return failed('computer.slowNetwork', 'computer.fix.network', details);
  if (
    recordsMedia &&
    network.uploadBytesPerSecond !== null &&
    network.uploadBytesPerSecond < COMPUTER_RULES.minUploadBytesPerSecond
  ) {
    return failed('computer.slowUpload', 'computer.fix.network', details);
  }
  return passed(details);
}
