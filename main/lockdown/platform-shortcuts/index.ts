/**
 * OS-level shortcuts the lockdown tries to take with globalShortcut. What the OS reserves (Ctrl+Alt+Del,
 * often Alt+Tab) cannot be registered; losing focus to it is detected by the focus step instead.
 */
import { darwinGlobalShortcuts } from './darwin';
import { linuxGlobalShortcuts } from './linux';
import { win32GlobalShortcuts } from './win32';

const BY_PLATFORM: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  win32: win32GlobalShortcuts,
  darwin: darwinGlobalShortcuts,
  linux: linuxGlobalShortcuts,
};

export function platformGlobalShortcuts(platform: NodeJS.Platform = process.platform): readonly string[] {
  return BY_PLATFORM[platform] ?? [];
}
