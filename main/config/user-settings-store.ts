/** User settings in electron-store (a JSON file in userData), validated on read so a hand-edited file cannot break startup. */
import { z } from 'zod';
import type { UserSettings } from './app-config';

export const userSettingsSchema = z.object({
  serviceUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .catch(undefined),
});

export interface SettingsBackend {
  store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

export function readUserSettings(backend: SettingsBackend): UserSettings {
  const parsed = userSettingsSchema.safeParse(backend.store);
  return parsed.success ? parsed.data : {};
}

/** Refuses settings the managed configuration locks. */
export function writeUserSetting<K extends keyof UserSettings>(
  backend: SettingsBackend,
  locked: ReadonlySet<keyof UserSettings>,
  key: K,
  value: UserSettings[K],
): boolean {
  if (locked.has(key)) return false;
  backend.set(key, value);
  return true;
}
