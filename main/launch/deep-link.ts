/** `vigil://launch/<code>` deep links: the way an institution's page hands the candidate to the client. */
export const DEEP_LINK_SCHEME = 'vigil';

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** The launch code of a deep link, or null when the URL is not a well-formed `vigil://launch/<code>`. */
export function parseLaunchUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // `vigil://launch/<code>` parses with host "launch"; some shells hand over `vigil:launch/<code>`.
  const path = parsed.host ? `${parsed.host}${parsed.pathname}` : parsed.pathname.replace(/^\/+/, '');
  const match = /^launch\/([^/]+)\/?$/.exec(path);
  if (!match) return null;
  const code = decodeURIComponent(match[1]!);
  return CODE_PATTERN.test(code) ? code : null;
}

/** What the candidate typed: a bare launch code or a pasted deep link. */
export function normalizeLaunchCode(input: string): string {
  const trimmed = input.trim();
  return parseLaunchUrl(trimmed) ?? trimmed;
}

/** Windows and Linux pass the deep link as a command-line argument (first start or second instance). */
export function findLaunchCodeInArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const code = parseLaunchUrl(arg);
    if (code) return code;
  }
  return null;
}
