/**
 * What an account secret looks like, for scans that must never find one (issue 10): the service's
 * SecretKeys are 32 random bytes as hex (server/crypto/tokens.ts); a key may also travel as base64 of
 * 32+ bytes, inside a SharedKey Authorization value, as a `whsec_` webhook secret, or under a
 * `secretKey` name.
 */
export interface SecretFinding {
  shape: string;
  match: string;
}

const SHAPES: [string, RegExp][] = [
  ['hex of 32+ bytes', /(?<![0-9A-Fa-f])[0-9A-Fa-f]{64,}(?![0-9A-Fa-f])/g],
  ['base64 of 32+ bytes', /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{43,}={0,2}/g],
  ['SharedKey authorization', /SharedKey(?:V2)?\s+[^\s:"]+:[A-Za-z0-9+/=_-]{16,}/g],
  ['whsec_ webhook secret', /whsec_[A-Za-z0-9+/=_-]{8,}/gi],
  [
    'secret field',
    /["']?(?:secret_?key|account_?secret|webhook_?secret|signing_?secret|centre_?account)["']?\s*[:=]/gi,
  ],
];

/** Random base64 has all three; a long identifier or path segment rarely does. */
function looksRandom(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text);
}

/**
 * A quit password's scrypt verifier (shared/quit-password.ts): a centre may lock one in its managed file,
 * which every local user can read by design; it is a password verifier, not a key. Scans of installer
 * files skip it; the renderer scan does not (the renderer has no use for it).
 */
export const QUIT_VERIFIER = /scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+/g;

export function findSecretShapes(
  text: string,
  knownSecrets: readonly string[] = [],
  options: { ignore?: readonly RegExp[] } = {},
): SecretFinding[] {
  for (const pattern of options.ignore ?? []) text = text.replace(pattern, '<ignored>');
  const findings: SecretFinding[] = [];
  for (const [shape, pattern] of SHAPES) {
    for (const match of text.matchAll(pattern)) {
      if (shape === 'base64 of 32+ bytes' && !looksRandom(match[0])) continue;
      findings.push({ shape, match: match[0].slice(0, 80) });
    }
  }
  for (const secret of knownSecrets) {
    if (secret && text.includes(secret))
      findings.push({ shape: 'a live secret of this test', match: secret.slice(0, 8) });
  }
  return findings;
}
