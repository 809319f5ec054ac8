import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSystemProbe } from '../../../main/system/system-probe';

// The real systeminformation on this machine: shapes, not values (which differ per machine).
describe('system probe (systeminformation, this machine)', () => {
  const probe = createSystemProbe();

  it('reads the OS and finds this very process in the process list', async () => {
    const os = await probe.os();
    expect(os.platform).toBe(process.platform);
    expect(os.arch.length).toBeGreaterThan(0);
    const processes = await probe.processes();
    expect(processes.some((p) => p.pid === process.pid)).toBe(true);
  });

  it('gathers the virtual-machine facts and the free disk of a (created) spool directory', async () => {
    const facts = await probe.virtualMachineFacts();
    expect(typeof facts.virtualFlag).toBe('boolean');
    expect(Array.isArray(facts.macs)).toBe(true);
    const free = await probe.freeDiskBytes(join(tmpdir(), `vigil-spool-${process.pid}`));
    expect(free).toBeGreaterThan(0);
  });
});
