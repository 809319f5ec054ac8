/**
 * The computer itself (shown in the FINISH summary): operating system, virtual machine, free disk
 * for the exam's recordings, and the network to the service.
 */
import type { SystemReport } from '../../shared/ipc/contract';
import type { MessageKey, MessageParams } from '../i18n/messages';
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
  /** What was measured, for the summary. */
  value: { key: MessageKey; params?: MessageParams };
}

const gigabytes = (bytes: number) => Math.round((bytes / 1e9) * 10) / 10;

export function evaluateComputer(report: SystemReport, recordsMedia: boolean): ComputerCheck[] {
  const { os, virtualMachine: vm, disk, network } = report;
  return [
    {
      id: 'os',
      label: 'computer.os',
      outcome: evaluateOs(os),
      value: { key: 'computer.value.os', params: { distro: os.distro, release: os.release, arch: os.arch } },
    },
    {
      id: 'vm',
      label: 'computer.vm',
      outcome: evaluateVirtualMachine(vm),
      value: {
        key: !vm.detected
          ? 'computer.value.vmNone'
          : vm.allowed
            ? 'computer.value.vmAllowed'
            : 'computer.value.vmDetected',
      },
    },
    {
      id: 'disk',
      label: 'computer.disk',
      outcome: evaluateDisk(disk),
      value: {
        key: 'computer.value.disk',
        params: { free: gigabytes(disk.freeBytes), required: gigabytes(disk.requiredBytes) },
      },
    },
    {
      id: 'network',
      label: 'computer.network',
      outcome: evaluateNetwork(network, recordsMedia),
      value: networkValue(network),
    },
  ];
}

function networkValue(network: SystemReport['network']): ComputerCheck['value'] {
  if (!network.online || network.latencyMs === null) return { key: 'computer.value.offline' };
  const latency = Math.round(network.latencyMs);
  if (network.uploadBytesPerSecond === null) return { key: 'computer.value.networkNoUpload', params: { latency } };
  const megabits = (network.uploadBytesPerSecond * 8) / 1e6;
  const upload = megabits >= 10 ? Math.round(megabits) : Math.round(megabits * 10) / 10;
  return { key: 'computer.value.network', params: { latency, upload } };
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
