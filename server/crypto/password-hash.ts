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

let dummyHash: Promise<string> | undefined;

/** True only when `passwordHash` is a hash of `password`; with no hash, the same work against a dummy, then false. */
export async function verifyOrDummy(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('no staff user has this password: the dummy for unknown emails');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a refusal, not a crash of the sign-in route.
    return false;
  }
}
