/** The auth score formula: each part loses exactly the table's points per incident, floored at 0. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTH_SCORE_WEIGHTS,
  COSTED_INCIDENT_TYPES,
  computeAuthScore,
  costOf,
  countIncidentTypes,
  isBelowTrustThreshold,
} from '../../shared/auth-score';
import { INCIDENT_TYPES, VIOLATION_INCIDENT_TYPES, isViolation, type IncidentType } from '../../shared/incidents';

describe('auth score', () => {
  it('is 100 for a verified candidate without incidents, 50 when the service never verified the identity', () => {
    expect(computeAuthScore({ incidentCounts: {}, identityVerified: true })).toEqual({
      authScore: 100,
      parts: { identity: 50, presence: 20, behaviour: 30 },
      lost: { identity: 0, presence: 0, behaviour: 0 },
    });
    expect(computeAuthScore({ incidentCounts: {}, identityVerified: false }).authScore).toBe(50);
  });

  it('weights identity 50, presence 20, behaviour 30', () => {
    expect(AUTH_SCORE_WEIGHTS).toEqual({ identity: 50, presence: 20, behaviour: 30 });
  });

  it('takes the whole identity part for one IDENTITY_MISMATCH', () => {
    const score = computeAuthScore({ incidentCounts: { IDENTITY_MISMATCH: 1 }, identityVerified: true });
    expect(score.parts).toEqual({ identity: 0, presence: 20, behaviour: 30 });
    expect(score.authScore).toBe(50);
  });

  it('charges each incident type the cost docs/service.md prints, in its part', () => {
    // Written out here (the table in docs/service.md), not read from AUTH_SCORE_COSTS: a changed
    // cost must fail this test, not move the expectation along with it.
    const documented: Record<string, [part: 'identity' | 'presence' | 'behaviour', points: number]> = {
      IDENTITY_MISMATCH: ['identity', 50],
      FACE_ABSENT: ['presence', 2],
      FACE_ABSENT_LONG: ['presence', 10],
      MULTIPLE_FACES: ['presence', 5],
      CAMERA_STOPPED: ['presence', 10],
      AUDIO_STOPPED: ['presence', 5],
      DISCONNECTED: ['presence', 5],
      FOCUS_LOST: ['behaviour', 5],
      BLOCKED_SHORTCUT: ['behaviour', 2],
      CLIPBOARD_BLOCKED: ['behaviour', 2],
      DEVTOOLS_ATTEMPT: ['behaviour', 10],
      DISPLAY_ADDED: ['behaviour', 15],
      PROHIBITED_PROCESS: ['behaviour', 15],
      SCREENSHARE_STOPPED: ['behaviour', 10],
      VIRTUAL_MACHINE: ['behaviour', 30],
    };
    const weights = { identity: 50, presence: 20, behaviour: 30 };
    for (const type of INCIDENT_TYPES) {
      const score = computeAuthScore({ incidentCounts: { [type]: 1 }, identityVerified: true });
      const cost = documented[type];
      if (!cost) {
        expect(score.authScore, `${type} costs nothing`).toBe(100);
        continue;
      }
      const [part, points] = cost;
      expect(score.lost, type).toEqual({ identity: 0, presence: 0, behaviour: 0, [part]: points });
      expect(score.authScore, type).toBe(100 - Math.min(points, weights[part]));
    }
    expect([...COSTED_INCIDENT_TYPES].sort()).toEqual(Object.keys(documented).sort());
  });

  it('costs violations and DISCONNECTED only, and every violation costs something', () => {
    // DISCONNECTED is the service's own observation: it lowers the score but stops and reverts nothing.
    const costedNonViolations = COSTED_INCIDENT_TYPES.filter((type) => !isViolation(type));
    expect(costedNonViolations).toEqual(['DISCONNECTED']);
    for (const type of VIOLATION_INCIDENT_TYPES) expect(costOf(type), type).toBeDefined();
    const progress = INCIDENT_TYPES.filter((type) => !isViolation(type) && !costOf(type));
    const counts = Object.fromEntries(progress.map((type) => [type, 3]));
    expect(computeAuthScore({ incidentCounts: counts, identityVerified: true }).authScore).toBe(100);
  });

  it("caps the score (a preview session's previewScoreCap) without changing the parts", () => {
    const capped = computeAuthScore({ incidentCounts: { FOCUS_LOST: 1 }, identityVerified: true, cap: 50 });
    expect(capped).toMatchObject({ authScore: 50, parts: { identity: 50, presence: 20, behaviour: 25 } });
    expect(computeAuthScore({ incidentCounts: { FOCUS_LOST: 8 }, identityVerified: false, cap: 50 }).authScore).toBe(
      20,
    );
  });

  it('floors each part at 0 without touching the others', () => {
    const score = computeAuthScore({ incidentCounts: { FOCUS_LOST: 40, FACE_ABSENT: 1 }, identityVerified: true });
    expect(score.parts).toEqual({ identity: 50, presence: 18, behaviour: 0 });
    expect(score.lost.behaviour).toBe(200);
    expect(score.authScore).toBe(68);
  });

  it('a worked example from docs/service.md', () => {
    // 2 × FOCUS_LOST (5), 1 × BLOCKED_SHORTCUT (2), 3 × FACE_ABSENT (2), 1 × MULTIPLE_FACES (5).
    const score = computeAuthScore({
      incidentCounts: countIncidentTypes(
        [
          'FOCUS_LOST',
          'FOCUS_LOST',
          'BLOCKED_SHORTCUT',
          'FACE_ABSENT',
          'FACE_ABSENT',
          'FACE_ABSENT',
          'MULTIPLE_FACES',
        ].map((type) => ({ type: type as IncidentType })),
      ),
      identityVerified: true,
    });
    expect(score.parts).toEqual({ identity: 50, presence: 9, behaviour: 18 });
    expect(score.authScore).toBe(77);
  });

  it('is an integer in 0–100 that never rises with another incident', () => {
    const typeArbitrary = fc.constantFrom(...INCIDENT_TYPES);
    fc.assert(
      fc.property(fc.array(typeArbitrary, { maxLength: 60 }), typeArbitrary, fc.boolean(), (types, extra, verified) => {
        const before = computeAuthScore({
          incidentCounts: countIncidentTypes(types.map((type) => ({ type }))),
          identityVerified: verified,
        }).authScore;
        const after = computeAuthScore({
          incidentCounts: countIncidentTypes([...types, extra].map((type) => ({ type }))),
          identityVerified: verified,
        }).authScore;
        expect(Number.isInteger(before)).toBe(true);
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThanOrEqual(100);
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('flags below the trust threshold (score/100 < threshold), not at it', () => {
    expect(isBelowTrustThreshold(69, 0.7)).toBe(true);
    expect(isBelowTrustThreshold(70, 0.7)).toBe(false);
    expect(isBelowTrustThreshold(0, 0)).toBe(false);
  });
});
