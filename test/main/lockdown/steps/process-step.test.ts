import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../main/core/bridge-error';
import { createProcessStep } from '../../../../main/lockdown/steps/process-step';
import { silentLogger } from '../../../../main/logger';
import {
  findProhibitedProcesses,
  normalizeExecutableName,
  prohibitedProcessNames,
  type RunningProcess,
} from '../../../../main/system/prohibited-processes';
import { manualTimers, recordingSink } from '../../../support/lockdown-fakes';

describe('prohibited process matching', () => {
  const names = prohibitedProcessNames(['Exam-Cheat'], 'win32');

  it('normalizes executable names: path, case and .exe/.app dropped', () => {
    expect(normalizeExecutableName('C:\\Program Files\\AnyDesk\\AnyDesk.EXE')).toBe('anydesk');
    expect(normalizeExecutableName('/Applications/zoom.us.app')).toBe('zoom.us');
  });

  it('matches the default list, the platform list and the policy list case-insensitively on the executable', () => {
    const processes: RunningProcess[] = [
      { pid: 1, name: 'TeamViewer.exe' },
      { pid: 2, name: 'mstsc.exe' },
      { pid: 3, name: 'exam-cheat.exe' },
      { pid: 4, name: 'explorer.exe' },
      { pid: 5, name: 'zoomit.exe' }, // a prefix of nothing prohibited: not Zoom
      { pid: 6, name: 'helper', path: 'C:\\Tools\\obs64.exe' },
    ];
    expect(findProhibitedProcesses(processes, names).map((p) => p.pid)).toEqual([1, 2, 3, 6]);
  });

  it("matches Linux's 15-character truncated process names", () => {
    const linux = prohibitedProcessNames([], 'linux');
    expect(findProhibitedProcesses([{ pid: 9, name: 'chrome-remote-d' }], linux)).toHaveLength(1);
    expect(findProhibitedProcesses([{ pid: 9, name: 'chrome' }], linux)).toHaveLength(0);
  });
});

describe('process step', () => {
  const setup = (initial: RunningProcess[]) => {
    let running = initial;
    const incidents = recordingSink();
    const clock = manualTimers();
    const step = createProcessStep({
      listProcesses: async () => running,
      prohibited: prohibitedProcessNames(['quiz-helper'], 'linux'),
      incidents,
      log: silentLogger,
      timers: clock.timers,
    });
    return { step, incidents, clock, setRunning: (list: RunningProcess[]) => (running = list) };
  };

  it('refuses to start while a prohibited program runs, naming it, and reports it', async () => {
    const { step, incidents } = setup([
      { pid: 1, name: 'bash' },
      { pid: 2, name: 'Discord' },
    ]);
    const error = (await step.apply().catch((e: unknown) => e)) as BridgeError;
    expect(error.code).toBe('prohibited_process');
    expect(error.message).toContain('Discord');
    expect(incidents.raised).toEqual([
      { type: 'PROHIBITED_PROCESS', details: { name: 'Discord', pid: 2, atStart: true }, message: expect.any(String) },
    ]);
  });

  it('checks periodically during the exam and reports each new prohibited process once', async () => {
    const { step, incidents, clock, setRunning } = setup([{ pid: 1, name: 'bash' }]);
    await step.apply();
    expect(clock.active).toBe(1);
    setRunning([
      { pid: 1, name: 'bash' },
      { pid: 7, name: 'quiz-helper' },
    ]);
    clock.tick();
    await new Promise((resolve) => setImmediate(resolve));
    clock.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(incidents.raised.map((i) => [i.type, i.details.pid, i.details.atStart])).toEqual([
      ['PROHIBITED_PROCESS', 7, false],
    ]);
    await step.revert();
    expect(clock.active).toBe(0);
  });
});
