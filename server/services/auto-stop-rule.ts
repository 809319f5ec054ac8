/**
 * When to stop a session automatically: the count of violation incidents of one severity reached
 * the policy's `autoStop` threshold for it (0 switches a severity off). Pure, so the reason a
 * candidate reads ("1 critical incident: IDENTITY_MISMATCH") is tested without a database.
 */
import { SEVERITIES, type IncidentType, type Severity } from '../../shared/incidents';
import type { AutoStopThresholds } from '../../shared/policy';

export interface ViolationCount {
  type: IncidentType;
  severity: Severity;
  count: number;
}

export interface AutoStopDecision {
  severity: Severity;
  count: number;
  threshold: number;
  /** Count per type of that severity, most frequent first. */
  types: Array<{ type: IncidentType; count: number }>;
  reason: string;
}

export function decideAutoStop(
  violations: readonly ViolationCount[],
  thresholds: AutoStopThresholds,
): AutoStopDecision | null {
  // The most severe reached threshold names the reason.
  for (const severity of [...SEVERITIES].reverse()) {
    const threshold = thresholds[severity];
    if (threshold <= 0) continue;
    const byType = new Map<IncidentType, number>();
    for (const violation of violations) {
      if (violation.severity !== severity) continue;
      byType.set(violation.type, (byType.get(violation.type) ?? 0) + violation.count);
    }
    const count = [...byType.values()].reduce((sum, value) => sum + value, 0);
    if (count < threshold) continue;
    const types = [...byType.entries()]
      .map(([type, typeCount]) => ({ type, count: typeCount }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
    const list = types.map(({ type, count: n }) => (n > 1 ? `${type} ×${n}` : type)).join(', ');
    return {
      severity,
      count,
      threshold,
      types,
      reason: `${count} ${severity} incident${count === 1 ? '' : 's'}: ${list}`,
    };
  }
  return null;
}
