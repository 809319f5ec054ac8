/**
 * Permissions are an allow-list: camera, microphone and screen capture for the app's own origin,
 * because proctoring records them; everything else, and everything for any other origin, is denied.
 */
import { APP_ORIGIN, originOf } from './app-origin';

export const APP_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'display-capture']);

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  if (!APP_PERMISSIONS.has(permission)) return false;
  if (!requestingUrl) return false;
  return originOf(requestingUrl) === APP_ORIGIN;
}
