/**
 * Face enrolment and identity checks through real HTTP with the real face analyzer: the service
 * recomputes from the snapshots and records IDENTITY_MISMATCH when the client's claim does not hold.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceEnrollResponse, IdentityResponse } from '../../shared/api/client';
import { createFaceAnalyzer } from '../../server/face/face-analyzer';
import { fixturePath } from '../support/fixtures';
import { startTestService, type TestService } from '../support/service-harness';
import { call, launchCandidate, type LaunchedCandidate } from '../support/service-client';

const base64 = (name: string) => readFileSync(fixturePath(`faces/${name}`)).toString('base64');

let service: TestService;

beforeAll(async () => {
  service = await startTestService('sqlite', { faceAnalyzer: await createFaceAnalyzer() });
}, 120_000);

afterAll(async () => {
  await service?.close();
});

async function candidateWithPhotoOfA(): Promise<LaunchedCandidate> {
  return launchCandidate(service, { sessionBody: { facePhoto: base64('person-a-enrol.jpg') } });
}

const enroll = (candidate: LaunchedCandidate, snapshots: string[]) =>
  call<FaceEnrollResponse>(service.baseUrl, 'POST', '/v1/client/session/face-enroll', {
    key: candidate.sessionKey,
    now: service.app.clock(),
    body: { snapshots },
  });

const verify = (candidate: LaunchedCandidate, body: Record<string, unknown>) =>
  call<IdentityResponse>(service.baseUrl, 'POST', '/v1/client/session/identity', {
    key: candidate.sessionKey,
    now: service.app.clock(),
    body,
  });

async function incidents(candidate: LaunchedCandidate) {
  const result = await call<{ incidents: Array<{ type: string; details: Record<string, unknown> }> }>(
    service.baseUrl,
    'GET',
    `/v1/sessions/${candidate.session.sessionId}/incidents`,
    { key: candidate.account, now: service.app.clock() },
  );
  return result.body.incidents;
}

describe('face routes with the real analyzer', () => {
  it('enrols person A against the institution photo of A', async () => {
    const candidate = await candidateWithPhotoOfA();
    const result = await enroll(candidate, [base64('person-a-second.jpg'), base64('person-a-id-card.jpg')]);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ enrolled: true, usableSnapshots: 2, referenceMatched: true });
    expect(result.body.referenceSimilarity).toBeGreaterThanOrEqual(0.5);
    expect((await incidents(candidate)).filter((incident) => incident.type === 'IDENTITY_MISMATCH')).toEqual([]);

    const confirmed = await verify(candidate, {
      kind: 'id_card',
      snapshots: [base64('person-a-id-card.jpg')],
      clientSimilarity: 0.9,
      clientPassed: true,
    });
    expect(confirmed.body).toMatchObject({ passed: true, agreed: true });
  });

  it('records IDENTITY_MISMATCH when person B enrols against the photo of A', async () => {
    const candidate = await candidateWithPhotoOfA();
    const result = await enroll(candidate, [base64('person-b-enrol.jpg'), base64('person-b-second.jpg')]);
    expect(result.body).toMatchObject({ enrolled: true, referenceMatched: false });
    expect(result.body.referenceSimilarity).toBeLessThan(0.5);
    const mismatches = (await incidents(candidate)).filter((incident) => incident.type === 'IDENTITY_MISMATCH');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.details).toMatchObject({ reason: 'reference_photo' });
  });

  it('does not take a client at its word: a claimed match on person B snapshots is a mismatch', async () => {
    const candidate = await candidateWithPhotoOfA();
    await enroll(candidate, [base64('person-a-second.jpg')]);
    const claimed = await verify(candidate, {
      kind: 'live',
      snapshots: [base64('person-b-enrol.jpg'), base64('person-b-second.jpg')],
      clientSimilarity: 0.97,
      clientPassed: true,
      liveness: { challenge: 'turn-left', passed: true, peakYawDegrees: 14 },
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ passed: false, agreed: false, clientSimilarity: 0.97 });
    expect(claimed.body.serverSimilarity).toBeLessThan(0.5);
    const mismatches = (await incidents(candidate)).filter((incident) => incident.type === 'IDENTITY_MISMATCH');
    expect(mismatches.map((incident) => incident.details.reason)).toEqual(['disagreement']);
  });

  it('confirms a resumed candidate on its own comparison when the client had none (clientCompared: false)', async () => {
    const candidate = await candidateWithPhotoOfA();
    await enroll(candidate, [base64('person-a-second.jpg')]);
    const noClaim = { kind: 'live', clientSimilarity: 0, clientPassed: false, clientCompared: false };
    const same = await verify(candidate, { ...noClaim, snapshots: [base64('person-a-id-card.jpg')] });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ passed: true, agreed: true });
    expect((await incidents(candidate)).filter((incident) => incident.type === 'IDENTITY_MISMATCH')).toEqual([]);

    const swapped = await verify(candidate, { ...noClaim, snapshots: [base64('person-b-enrol.jpg')] });
    expect(swapped.body).toMatchObject({ passed: false, agreed: true });
    const mismatches = (await incidents(candidate)).filter((incident) => incident.type === 'IDENTITY_MISMATCH');
    expect(mismatches.map((incident) => incident.details.reason)).toEqual(['no_match']);
  });

  it('finds nothing to enrol in pictures without exactly one face', async () => {
    const candidate = await candidateWithPhotoOfA();
    const result = await enroll(candidate, [base64('no-face-cat.png'), base64('three-faces.jpg')]);
    expect(result.body).toEqual({
      enrolled: false,
      usableSnapshots: 0,
      referenceSimilarity: null,
      referenceMatched: null,
    });
  });
});
