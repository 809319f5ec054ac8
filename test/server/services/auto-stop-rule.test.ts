/** decideAutoStop: the count of violations of one severity against the policy's threshold, and the reason it gives. */
import { describe, expect, it } from 'vitest';
import { autoStopSchema } from '../../../shared/policy';
import { decideAutoStop, type ViolationCount } from '../../../server/services/auto-stop-rule';

const defaults = autoStopSchema.parse(undefined);

describe('auto-stop rule', () => {
  it('has the issue’s defaults: medium 10, high 5, critical 1, low off', () => {
    expect(defaults).toEqual({ low: 0, medium: 10, high: 5, critical: 1 });
  });

  it('stops on one critical incident and names it', () => {
    expect(decideAutoStop([{ type: 'IDENTITY_MISMATCH', severity: 'critical', count: 1 }], defaults)).toMatchObject({
      severity: 'critical',
      count: 1,
      threshold: 1,
      reason: '1 critical incident: IDENTITY_MISMATCH',
    });
  });

  it('counts the severity across types, and lists them most frequent first', () => {
    const nine: ViolationCount[] = [
      { type: 'FOCUS_LOST', severity: 'medium', count: 6 },
      { type: 'DEVTOOLS_ATTEMPT', severity: 'medium', count: 3 },
    ];
    expect(decideAutoStop(nine, defaults)).toBeNull();
    const ten = [...nine, { type: 'MULTIPLE_FACES', severity: 'medium', count: 1 } as const];
    expect(decideAutoStop(ten, defaults)?.reason).toBe(
      '10 medium incidents: FOCUS_LOST ×6, DEVTOOLS_ATTEMPT ×3, MULTIPLE_FACES',
    );
  });

  it('ignores a severity whose threshold is 0, and never stops on low by default', () => {
    const lots: ViolationCount[] = [{ type: 'BLOCKED_SHORTCUT', severity: 'low', count: 500 }];
    expect(decideAutoStop(lots, defaults)).toBeNull();
    expect(decideAutoStop(lots, { ...defaults, low: 20 })?.reason).toBe('500 low incidents: BLOCKED_SHORTCUT ×500');
    expect(
      decideAutoStop([{ type: 'IDENTITY_MISMATCH', severity: 'critical', count: 3 }], { ...defaults, critical: 0 }),
    ).toBeNull();
  });

  it('names the most severe threshold reached', () => {
    const both: ViolationCount[] = [
      { type: 'FOCUS_LOST', severity: 'medium', count: 12 },
      { type: 'FACE_ABSENT_LONG', severity: 'high', count: 5 },
    ];
    expect(decideAutoStop(both, defaults)?.severity).toBe('high');
  });
});
