/**
 * At least 10,000 mutated signed requests per database reach the real service (every field of the
 * string to sign, the signed headers, the body, the key id, the scheme and their encodings; see
 * test/support/signing-fuzz.ts) and none is accepted; every genuine request sent after its mutations is.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount, createExam, launchCandidate } from '../../support/service-client';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import { runSigningFuzz, type FuzzKeys } from '../../support/signing-fuzz';

const MIN_MUTATIONS = 10_000;

describeEachBackend('signed-request fuzz', (backend) => {
  let service: TestService;
  let keys: FuzzKeys;

  beforeAll(async () => {
    service = await startTestService(backend);
    const v2 = await createAccount(service);
    const v1 = await createAccount(service, undefined, { allowV1: true });
    const candidate = await launchCandidate(service);
    keys = {
      v2: { keyId: Number(v2.keyId), secretKey: v2.secretKey, examId: (await createExam(service, v2)).id },
      v1: { keyId: Number(v1.keyId), secretKey: v1.secretKey, examId: (await createExam(service, v1)).id },
      otherKeyId: String(candidate.sessionKey.keyId),
    };
  });
  afterAll(() => service?.close());

  it(`accepts none of ${MIN_MUTATIONS.toLocaleString('en')}+ mutated requests and every genuine one`, async () => {
    const report = await runSigningFuzz(service.app, keys, {
      minMutations: MIN_MUTATIONS,
      now: () => service.app.clock(),
    });
    const rate = Math.round((report.mutations + report.originals) / (report.elapsedMs / 1000));
    console.log(
      `[${backend}] ${report.mutations} mutated + ${report.originals} genuine requests in ${(report.elapsedMs / 1000).toFixed(1)} s (${rate} req/s); refusals ${JSON.stringify(report.refusals)}`,
    );
    const acceptedKinds = report.acceptedMutations.map((accepted) => accepted.mutation);
    expect(acceptedKinds, JSON.stringify(report.acceptedMutations.slice(0, 2))).toEqual([]);
    expect(report.refusedOriginals.length, JSON.stringify(report.refusedOriginals.slice(0, 2))).toBe(0);
    expect(report.mutations).toBeGreaterThanOrEqual(MIN_MUTATIONS);
    // Every kind of mutation was tried many times, on both schemes where it applies.
    expect(Object.keys(report.kinds).length).toBeGreaterThanOrEqual(40);
    expect(Math.min(...Object.values(report.kinds))).toBeGreaterThanOrEqual(20);
  }, 240_000);
});
