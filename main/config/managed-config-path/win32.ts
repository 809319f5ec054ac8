import { win32 } from 'node:path';

/** `%ProgramData%\Vigil\config.json`: writable by administrators only, readable by every user. */
export function win32ManagedConfigPath(env: NodeJS.ProcessEnv): string {
  return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Vigil', 'config.json');
}
