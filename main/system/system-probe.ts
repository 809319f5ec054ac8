/**
 * The machine facts the checks and the lockdown read, behind one interface so tests hand in fakes.
 * The default implementation uses systeminformation and Node's fs; nothing here needs Electron.
 */
import { mkdir, statfs } from 'node:fs/promises';
import si from 'systeminformation';
import type { RunningProcess } from './prohibited-processes';
import type { VirtualMachineFacts } from './virtual-machine';

export interface OsFacts {
  platform: string;
  distro: string;
  release: string;
  arch: string;
}

export interface SystemProbe {
  os(): Promise<OsFacts>;
  processes(): Promise<RunningProcess[]>;
  virtualMachineFacts(): Promise<VirtualMachineFacts>;
  /** Displays attached, or null when the OS does not say (headless). */
  displayCount(): Promise<number | null>;
  freeDiskBytes(directory: string): Promise<number>;
}

export function createSystemProbe(): SystemProbe {
  return {
    async os() {
      const info = await si.osInfo();
      return { platform: info.platform, distro: info.distro, release: info.release, arch: info.arch };
    },
    async processes() {
      const { list } = await si.processes();
      return list.map((p) => ({ pid: p.pid, name: p.name, path: p.path ? `${p.path}` : undefined }));
    },
    async virtualMachineFacts() {
      const [system, bios, interfaces] = await Promise.all([si.system(), si.bios(), si.networkInterfaces()]);
      const external = interfaces.filter((i) => !i.internal && i.mac && i.mac !== '00:00:00:00:00:00');
      // A host running a hypervisor has virtual adapters of its own: judge by the interface that carries traffic.
      const carrying = external.filter((i) => i.default);
      const macs = (carrying.length > 0 ? carrying : external.filter((i) => !i.virtual)).map((i) => i.mac);
      return {
        virtualFlag: system.virtual,
        virtualHost: system.virtualHost,
        manufacturer: system.manufacturer ?? '',
        model: system.model ?? '',
        biosVendor: bios.vendor ?? '',
        macs,
      };
    },
    async displayCount() {
      const graphics = await si.graphics();
      return graphics.displays.length > 0 ? graphics.displays.length : null;
    },
    freeDiskBytes,
  };
}

/** Free space for an unprivileged writer on the file system holding `directory` (created if missing). */
export async function freeDiskBytes(directory: string): Promise<number> {
  await mkdir(directory, { recursive: true });
  const stats = await statfs(directory);
  return Number(stats.bavail) * Number(stats.bsize);
}
