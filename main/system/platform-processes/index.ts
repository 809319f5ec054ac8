/** Prohibited executables that exist on one platform only (Vigil's default list covers the rest). */
import { darwinProhibitedProcesses } from './darwin';
import { linuxProhibitedProcesses } from './linux';
import { win32ProhibitedProcesses } from './win32';

const BY_PLATFORM: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  win32: win32ProhibitedProcesses,
  darwin: darwinProhibitedProcesses,
  linux: linuxProhibitedProcesses,
};

export function platformProhibitedProcesses(platform: NodeJS.Platform = process.platform): readonly string[] {
  return BY_PLATFORM[platform] ?? [];
}
