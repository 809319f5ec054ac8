/** argon2id with OWASP's parameters, and the dummy check that makes an unknown email cost what a wrong password costs. */
import { parseOptions } from '@node-rs/argon2';
import { expect, it } from 'vitest';
import { ARGON2_OPTIONS, DUMMY_HASH, hashPassword, verifyOrDummy } from '../../../server/crypto/password-hash';

it('hashes with argon2id, m=19456 KiB, t=2, p=1, and verifies only the right password', async () => {
  const hash = await hashPassword('correct horse battery staple');
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await verifyOrDummy(hash, 'correct horse battery staple')).toBe(true);
  expect(await verifyOrDummy(hash, 'correct horse battery stapler')).toBe(false);
  expect(await verifyOrDummy('not a hash', 'anything')).toBe(false);
});

it('spends a real verification on a missing hash (same parameters as real hashes)', async () => {
  const options = parseOptions(DUMMY_HASH);
  expect(options).toMatchObject({
    memoryCost: ARGON2_OPTIONS.memoryCost,
    timeCost: ARGON2_OPTIONS.timeCost,
    parallelism: ARGON2_OPTIONS.parallelism,
  });
  const real = await hashPassword('a real password of someone');
  const time = async (hash: string | null) => {
    const started = performance.now();
    await verifyOrDummy(hash, 'a guess at the password');
    return performance.now() - started;
  };
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const dummy: number[] = [];
  const wrong: number[] = [];
  for (let round = 0; round < 5; round++) {
    dummy.push(await time(null));
    wrong.push(await time(real));
  }
  // Loose on a shared machine; without the dummy an unknown email answers ~100× faster.
  expect(median(dummy)).toBeGreaterThan(median(wrong) / 3);
  expect(await verifyOrDummy(null, 'no staff user has this password: the dummy for unknown emails')).toBe(false);
});
