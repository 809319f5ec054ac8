/**
 * The live proctoring loop's cost: the real loop (renderer/proctoring/) on the real face worker in
 * Debian's Chromium, the fake camera playing person-a.mjpeg, for 60 s after enrolment and warm-up.
 * CPU is read from /proc/<pid>/stat (utime + stime) of Chromium's renderer processes — the page and
 * its face worker live there — and also of every Chromium process, before and after the window.
 * The budget (docs/journey.md): at most about half of one core on a 2-core machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { createAppProtocolHandler } from '../main/protocol/app-protocol';
import { fixturePath, repoRoot } from '../test/support/fixtures';
import { buildHarnessPage, serveHarness } from './harness-page';
import type { Benchmark } from './index';

const WINDOW_MS = Number(process.env.VIGIL_BENCH_PROCTORING_MS ?? 60_000);
/** Linux's USER_HZ: /proc's CPU times are in these ticks. */
const TICKS_PER_SECOND = 100;

/** What test/renderer/proctoring/proctoring-harness.ts puts on the page (declared here: bench/ has no DOM types). */
interface HarnessReport {
  presenceChecks: number;
  identityChecks: number;
  incidents: Array<{ type: string }>;
  last: { presence: string; identity: string } | null;
  backend: string;
}
interface HarnessGlobal {
  vigilProctoringBench: {
    prepare(): Promise<{ backend: string; enrolled: boolean }>;
    run(durationMs: number): Promise<HarnessReport>;
  };
}

interface ProcessCpu {
  pid: number;
  ppid: number;
  renderer: boolean;
  ticks: number;
}

function readProcesses(): ProcessCpu[] {
  const processes: ProcessCpu[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      processes.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        renderer: cmdline.includes('--type=renderer'),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return processes;
}

/** Every process below `rootPid` (and it). */
function chromiumTree(rootPid: number): ProcessCpu[] {
  const all = readProcesses();
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of all) {
      if (!inTree.has(entry.pid) && inTree.has(entry.ppid)) {
        inTree.add(entry.pid);
        grew = true;
      }
    }
  }
  return all.filter((entry) => inTree.has(entry.pid));
}

function ticksBetween(before: ProcessCpu[], after: ProcessCpu[], pick: (process: ProcessCpu) => boolean): number {
  const start = new Map(before.map((entry) => [entry.pid, entry.ticks]));
  return after.filter(pick).reduce((sum, entry) => sum + entry.ticks - (start.get(entry.pid) ?? 0), 0);
}

export const proctoringBenchmark: Benchmark = {
  name: 'proctoring',
  async run(log) {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-proctoring-bench-'));
    const page = join(dir, 'page');
    await buildHarnessPage(join(repoRoot, 'test', 'renderer', 'proctoring'), 'proctoring-harness.html', page);
    // Models and tfjs' wasm come from the renderer build's copy (npm run build / scripts/copy-human-assets.mjs).
    const app = createAppProtocolHandler({
      roots: [page, join(repoRoot, 'out', 'renderer'), join(repoRoot, 'assets')],
    });
    const server = await serveHarness((path) => ({ handler: app, path }));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs({ camera: fixturePath('camera/person-a.mjpeg') }),
    });
    try {
      // Chromium runs below this process; the node process itself is left out of the sums.
      const rootPid = process.pid;
      const tab = await browser.newPage();
      await tab.goto(`${server.origin}/proctoring-harness.html`);
      const prepared = await tab.evaluate(() =>
        (globalThis as unknown as HarnessGlobal).vigilProctoringBench.prepare(),
      );
      log(`face backend: ${prepared.backend}; enrolled from the camera: ${prepared.enrolled ? 'yes' : 'no'}`);

      const before = chromiumTree(rootPid);
      const started = performance.now();
      const report = await tab.evaluate(
        (ms) => (globalThis as unknown as HarnessGlobal).vigilProctoringBench.run(ms),
        WINDOW_MS,
      );
      const seconds = (performance.now() - started) / 1000;
      const after = chromiumTree(rootPid);

      const rendererCore = ticksBetween(before, after, (entry) => entry.renderer) / TICKS_PER_SECOND / seconds;
      const allCore = ticksBetween(before, after, (entry) => entry.pid !== rootPid) / TICKS_PER_SECOND / seconds;
      log(`window: ${seconds.toFixed(1)} s on person-a.mjpeg (camera 640×480, 30 fps)`);
      log(
        `presence checks: ${report.presenceChecks} (${(report.presenceChecks / seconds).toFixed(2)}/s), identity checks: ${report.identityChecks} (one every ${(seconds / Math.max(1, report.identityChecks)).toFixed(1)} s)`,
      );
      log(`CPU, renderer processes (page + face worker): ${(rendererCore * 100).toFixed(0)}% of one core`);
      log(`CPU, all Chromium processes (incl. camera capture, compositor): ${(allCore * 100).toFixed(0)}% of one core`);
      log(
        `incidents on person A: ${report.incidents.map((incident) => incident.type).join(', ') || 'none'}; last status: ${report.last?.presence ?? '?'} / ${report.last?.identity ?? '?'}`,
      );
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
