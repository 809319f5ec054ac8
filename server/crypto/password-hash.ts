/**
 * Staff passwords: argon2id with explicit parameters (OWASP's password storage cheat sheet:
 * m=19 MiB, t=2, p=1), verified by the library. `verifyOrDummy` spends the same work when there is
 * no hash to check, so an unknown email answers as slowly as a wrong password.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

// Algorithm is an ambient const enum, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** A hash with ARGON2_OPTIONS of a password nobody uses: verifying against it costs what a real check costs. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Qe9i5bkTOSKy5FV5EelHsQ$m4DPLfCOvCeTSJMjyzMx67bAvV9cXKpIcPTgLrlHoz4';

/** True only when `passwordHash` is a hash of `password`; with no hash, the same work against a dummy, then false. */
export async function verifyOrDummy(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    await verify(DUMMY_HASH, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a refusal, not a crash of the sign-in route.
    return false;
  }
}
