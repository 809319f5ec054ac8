/** The proctoring episodes, frame by frame: what one episode costs, and what does not count. */
import { describe, expect, it } from 'vitest';
import { examPolicySchema } from '../../../shared/policy';
import { EpisodeTracker } from '../../../renderer/proctoring/episode-tracker';
import {
  ProctoringRules,
  proctoringThresholds,
  type ProctoringIncident,
} from '../../../renderer/proctoring/proctoring-rules';

const FRAME_MS = 250;

/** Feeds a face count per frame (4 a second) from `from`; returns the incidents and the time after the last frame. */
function feed(rules: ProctoringRules, counts: number[], from = 0): { incidents: ProctoringIncident[]; now: number } {
  const incidents: ProctoringIncident[] = [];
  let now = from;
  for (const count of counts) {
    incidents.push(...rules.presence(count, now));
    now += FRAME_MS;
  }
  return { incidents, now };
}

const seconds = (value: number, count: number) => Array.from({ length: (value * 1000) / FRAME_MS }, () => count);
const defaults = () => new ProctoringRules(proctoringThresholds(examPolicySchema.parse({})));

describe('EpisodeTracker', () => {
  it('opens after the onset, closes after the release, and dates both from the condition itself', () => {
    const tracker = new EpisodeTracker({ onsetMs: 1000, releaseMs: 500 });
    expect(tracker.observe(true, 0)).toBeNull();
    expect(tracker.observe(true, 900)).toBeNull();
    expect(tracker.observe(true, 1000)).toEqual({ kind: 'began', startedAt: 0 });
    expect(tracker.observe(false, 2000)).toBeNull();
    expect(tracker.observe(true, 2100)).toBeNull(); // back before the release: the same episode
    expect(tracker.observe(false, 3000)).toBeNull();
    expect(tracker.observe(false, 3500)).toEqual({ kind: 'ended', startedAt: 0, endedAt: 3000, durationMs: 3000 });
    expect(tracker.active).toBe(false);
  });

  it('forgets a run that never reached the onset', () => {
    const tracker = new EpisodeTracker({ onsetMs: 1000, releaseMs: 500 });
    tracker.observe(true, 0);
    tracker.observe(false, 500);
    expect(tracker.observe(true, 1000)).toBeNull();
    expect(tracker.observe(true, 1999)).toBeNull();
    expect(tracker.observe(true, 2000)).toEqual({ kind: 'began', startedAt: 1000 });
  });
});

describe('ProctoringRules: absence', () => {
  it('ignores a glance away shorter than the brief threshold (3 s by default)', () => {
    const rules = defaults();
    const { incidents } = feed(rules, [...seconds(5, 1), ...seconds(2.5, 0), ...seconds(5, 1)]);
    expect(incidents).toEqual([]);
  });

  it('reports one FACE_ABSENT (low) per absence, when the face is back, dated from when it left', () => {
    const rules = defaults();
    const { incidents } = feed(rules, [
      ...seconds(5, 1),
      ...seconds(7, 0),
      ...seconds(5, 1),
      ...seconds(7, 0),
      ...seconds(3, 1),
    ]);
    expect(incidents.map((incident) => incident.type)).toEqual(['FACE_ABSENT', 'FACE_ABSENT']);
    expect(incidents[0]).toMatchObject({ startedAt: 5000, details: { absentForMs: 7000 } });
    expect(incidents[1]).toMatchObject({ startedAt: 17_000, details: { absentForMs: 7000 } });
  });

  it('a single missed detection does not split or end an absence, nor a single stray box start one', () => {
    const rules = defaults();
    const { incidents } = feed(rules, [
      ...seconds(2, 1),
      ...seconds(2, 0),
      1,
      ...seconds(3, 0),
      ...seconds(2, 1),
      0,
      ...seconds(2, 1),
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ type: 'FACE_ABSENT', startedAt: 2000 });
  });

  it('escalates to FACE_ABSENT_LONG (high) at the policy’s long threshold, once, and never also reports FACE_ABSENT', () => {
    const rules = new ProctoringRules(proctoringThresholds(examPolicySchema.parse({ faceAbsentLongSeconds: 10 })));
    const { incidents } = feed(rules, [...seconds(1, 1), ...seconds(25, 0), ...seconds(3, 1)]);
    expect(incidents).toEqual([{ type: 'FACE_ABSENT_LONG', startedAt: 1000, details: { absentForMs: 10_000 } }]);
  });

  it('reports an absence still going on when the exam ends', () => {
    const rules = defaults();
    const { now } = feed(rules, [...seconds(1, 1), ...seconds(5, 0)]);
    expect(rules.flush(now)).toEqual([
      { type: 'FACE_ABSENT', startedAt: 1000, details: { absentForMs: 5000, ongoing: 'yes' } },
    ]);
    expect(rules.flush(now + 1000)).toEqual([]);
  });
});

describe('ProctoringRules: several faces and identity', () => {
  it('reports MULTIPLE_FACES once per episode after a second, with the most faces seen', () => {
    const rules = defaults();
    const { incidents } = feed(rules, [...seconds(2, 1), 2, ...seconds(3, 3), ...seconds(3, 1), ...seconds(2, 2)]);
    expect(incidents.map((incident) => [incident.type, incident.startedAt, incident.details.faces])).toEqual([
      ['MULTIPLE_FACES', 2000, 3],
      ['MULTIPLE_FACES', 8250, 2],
    ]);
  });

  it('a one-frame second face (a reflection) is not an episode', () => {
    const rules = defaults();
    expect(feed(rules, [...seconds(2, 1), 2, ...seconds(2, 1), 2, 2, ...seconds(2, 1)]).incidents).toEqual([]);
  });

  it('IDENTITY_MISMATCH (critical) after two failed checks in a row, once; a match ends the episode', () => {
    const rules = defaults(); // faceMatchThreshold 0.5
    expect(rules.identity(0.31, 0)).toEqual([]);
    expect(rules.identity(0.8, 4000)).toEqual([]);
    expect(rules.identity(0.3, 8000)).toEqual([]);
    const [mismatch] = rules.identity(0.35, 12_000);
    expect(mismatch).toMatchObject({
      type: 'IDENTITY_MISMATCH',
      startedAt: 12_000,
      details: { check: 'proctoring', similarity: 0.3, threshold: 0.5, checksInRow: 2 },
    });
    expect(rules.identityDisplay).toBe('mismatch');
    expect(rules.identity(0.2, 16_000)).toEqual([]);
    expect(rules.identity(0.9, 20_000)).toEqual([]);
    expect(rules.identityDisplay).toBe('match');
    rules.identity(0.1, 24_000);
    expect(rules.identity(0.1, 28_000)).toHaveLength(1);
  });

  it('checks without exactly one face neither fail nor pass the identity', () => {
    const rules = defaults();
    rules.identity(0.2, 0);
    expect(rules.identity(null, 4000)).toEqual([]);
    expect(rules.identity(0.2, 8000)).toHaveLength(1);
  });
});

describe('status bar presence', () => {
  it('needs two frames in agreement before it warns', () => {
    const rules = defaults();
    expect(rules.presenceDisplay).toBe('starting');
    rules.presence(1, 0);
    rules.presence(0, 250);
    expect(rules.presenceDisplay).toBe('ok');
    rules.presence(0, 500);
    expect(rules.presenceDisplay).toBe('absent');
    rules.presence(2, 750);
    rules.presence(2, 1000);
    expect(rules.presenceDisplay).toBe('multiple');
  });
});

describe('proctoringThresholds', () => {
  it('takes the brief and long absences and the match threshold from the policy', () => {
    expect(
      proctoringThresholds(
        examPolicySchema.parse({ faceAbsentBriefSeconds: 4, faceAbsentLongSeconds: 20, faceMatchThreshold: 0.6 }),
      ),
    ).toMatchObject({ faceAbsentBriefMs: 4000, faceAbsentLongMs: 20_000, faceMatchThreshold: 0.6 });
    // "long" never comes before "brief".
    expect(
      proctoringThresholds(examPolicySchema.parse({ faceAbsentBriefSeconds: 8, faceAbsentLongSeconds: 5 }))
        .faceAbsentLongMs,
    ).toBe(8000);
  });
});
