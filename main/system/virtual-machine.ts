/**
 * Virtual machine detection from three independent signals, each a named reason: systeminformation's
 * own virtual flag, the network card's vendor prefix, and the vendor strings of the system and BIOS.
 */
export interface VirtualMachineFacts {
  /** systeminformation's `system().virtual` and `virtualHost`. */
  virtualFlag: boolean;
  virtualHost?: string | undefined;
  manufacturer: string;
  model: string;
  biosVendor: string;
  /** MACs of the interfaces that carry traffic (a host's own virtual adapters are left out by the caller). */
  macs: readonly string[];
}

export interface VirtualMachineResult {
  detected: boolean;
  reasons: string[];
}

/** OUI prefixes hypervisors assign to guest network cards. */
export const VM_MAC_PREFIXES: Readonly<Record<string, string>> = {
  '00:05:69': 'VMware',
  '00:0c:29': 'VMware',
  '00:1c:14': 'VMware',
  '00:50:56': 'VMware',
  '08:00:27': 'VirtualBox',
  '00:1c:42': 'Parallels',
  '00:15:5d': 'Hyper-V',
  '00:16:3e': 'Xen',
  '52:54:00': 'QEMU/KVM',
};

export const VM_VENDOR_PATTERNS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /vmware/i, name: 'VMware' },
  { pattern: /virtualbox|innotek/i, name: 'VirtualBox' },
  { pattern: /qemu|\bkvm\b/i, name: 'QEMU/KVM' },
  { pattern: /\bxen\b|hvm domu/i, name: 'Xen' },
  { pattern: /parallels/i, name: 'Parallels' },
  { pattern: /bochs/i, name: 'Bochs' },
  { pattern: /bhyve/i, name: 'bhyve' },
  { pattern: /^virtual machine$/i, name: 'Hyper-V' },
];

export function detectVirtualMachine(facts: VirtualMachineFacts): VirtualMachineResult {
  const reasons: string[] = [];
  if (facts.virtualFlag) {
    reasons.push(`the system reports a virtual machine${facts.virtualHost ? ` (${facts.virtualHost})` : ''}`);
  }
  for (const mac of facts.macs) {
    const vendor = VM_MAC_PREFIXES[mac.toLowerCase().replace(/-/g, ':').slice(0, 8)];
    if (vendor) reasons.push(`network card ${mac} belongs to ${vendor}`);
  }
  const strings = { manufacturer: facts.manufacturer, model: facts.model, 'BIOS vendor': facts.biosVendor };
  for (const [label, value] of Object.entries(strings)) {
    const match = VM_VENDOR_PATTERNS.find((vendor) => vendor.pattern.test(value.trim()));
    if (match) reasons.push(`${label} "${value.trim()}" is ${match.name}`);
  }
  return { detected: reasons.length > 0, reasons };
}
