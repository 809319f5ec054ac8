/**
 * The app's own origin. The renderer is served from the privileged `app://vigil/` scheme; a custom
 * scheme's WHATWG origin is "null" in Node, so origins are compared as scheme + host.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vigil';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** `scheme://host[:port]` of a URL, lowercased; null when it does not parse or has no host. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}
