/**
 * Prohibited processes (remote desktop, screen sharing, recording, messaging, plus the policy's list):
 * the exam does not start while one runs, and one started during the exam is reported
 * (PROHIBITED_PROCESS) within a few seconds. Vigil reports; it never kills the candidate's programs.
 */
import type { IncidentSink } from '../../incidents/incident-reporter';
import { BridgeError } from '../../core/bridge-error';
import type { Logger } from '../../logger';
import { findProhibitedProcesses, type RunningProcess } from '../../system/prohibited-processes';
import type { LockdownStep } from '../lockdown-step';

export const PROCESS_CHECK_INTERVAL_MS = 5_000;

export interface ProcessStepDeps {
  listProcesses(): Promise<RunningProcess[]>;
  /** Normalized executable names (see prohibitedProcessNames). */
  prohibited: ReadonlySet<string>;
  incidents: IncidentSink;
  log: Logger;
  intervalMs?: number;
  timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

export function createProcessStep(deps: ProcessStepDeps): LockdownStep {
  const timers = deps.timers ?? { setInterval, clearInterval };
  let timer: ReturnType<typeof setInterval> | null = null;
  const reported = new Set<number>();
  let checking = false;

  const report = (process: RunningProcess, atStart: boolean) => {
    reported.add(process.pid);
    deps.incidents.raise(
      'PROHIBITED_PROCESS',
      { name: process.name, pid: process.pid, atStart },
      `${process.name} is not allowed during the exam.`,
    );
  };

  /** One periodic check; overlapping checks are skipped (a slow process listing must not pile up). */
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const found = findProhibitedProcesses(await deps.listProcesses(), deps.prohibited);
      for (const process of found) if (!reported.has(process.pid)) report(process, false);
      // A pid that went away may be reused by the same tool started again later.
      const running = new Set(found.map((p) => p.pid));
      for (const pid of reported) if (!running.has(pid)) reported.delete(pid);
    } catch (error) {
      deps.log.warn('process check failed', { error: String(error) });
    } finally {
      checking = false;
    }
  };

  return {
    name: 'processes',
    async apply() {
      const found = findProhibitedProcesses(await deps.listProcesses(), deps.prohibited);
      if (found.length > 0) {
        for (const process of found) report(process, true);
        const names = [...new Set(found.map((p) => p.name))].join(', ');
        throw new BridgeError('prohibited_process', `Close these programs before the exam starts: ${names}.`);
      }
      timer = timers.setInterval(() => void check(), deps.intervalMs ?? PROCESS_CHECK_INTERVAL_MS);
    },
    async revert() {
      if (timer) timers.clearInterval(timer);
      timer = null;
      reported.clear();
    },
  };
}
