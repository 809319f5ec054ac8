/** BROWSER_TABS (on the desktop: other apps): passes when none of the prohibited programs is running. */
import type { SystemReport } from '../../shared/ipc/contract';
import { failed, passed, type CheckOutcome } from './check-result';

/** Each prohibited program once, by name, in a stable order (several processes of one app are one app). */
export function prohibitedAppNames(report: Pick<SystemReport, 'prohibitedProcesses'>): string[] {
  const byKey = new Map<string, string>();
  for (const process of report.prohibitedProcesses) {
    const key = process.name.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, process.name);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

export function evaluateOtherApps(report: Pick<SystemReport, 'prohibitedProcesses'>): CheckOutcome {
  const names = prohibitedAppNames(report);
  if (names.length === 0) return passed({ prohibited: 0 });
  return failed('apps.running', 'apps.fix.close', { prohibited: names.length, names: names.join(', ') });
}
