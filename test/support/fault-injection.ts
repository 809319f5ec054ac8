/**
 * Fault injection with strace (ALICE/CrashMonkey style): attach to a running service, then either
 * record which file-system syscalls a piece of work makes, or SIGKILL the process group at the n-th
 * of them (or fail it with an errno). strace counts each thread's calls on its own, so index n is
 * the first thread to reach its n-th call; the service runs with one libuv pool thread so the
 * counts are the same from run to run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Every call that changes what is on disk, or makes it durable. */
export const DISK_SYSCALLS = [
  'write',
  'pwrite64',
  'writev',
  'pwritev',
  'fsync',
  'fdatasync',
  'rename',
  'renameat',
  'renameat2',
  'unlink',
  'unlinkat',
  'ftruncate',
];

export function hasStrace(): boolean {
  return spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface Tracer {
  /**
   * Ends tracing (the traced process goes on, if alive). `force` kills strace outright: a process it
   * SIGKILLed can sit as a zombie whose threads wait on strace, which then ignores SIGTERM.
   */
  detach(force?: boolean): Promise<void>;
}

/** True once `pid` has been killed (a zombie, or gone). */
export function isDead(pid: number): boolean {
  try {
    return /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

export interface TraceOptions {
  pid: number;
  /** Where strace writes the calls it sees (one line each, thread id first). */
  outputFile: string;
  /** SIGKILL at the n-th call (1-based) of the first thread that gets there. */
  killAt?: number;
  /** Fail the n-th call with this errno instead, returning to the caller. */
  failAt?: { index: number; errno: string };
  /** Only calls on these paths (strace -P); default every call. */
  paths?: string[];
  syscalls?: string[];
}

function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

function tracedBy(tid: number): number {
  try {
    const match = /TracerPid:\s+(\d+)/.exec(readFileSync(`/proc/${tid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return -1;
  }
}

/** Attaches strace to every thread of `pid` and resolves once each one is traced. */
export async function attachStrace(options: TraceOptions): Promise<Tracer> {
  const syscalls = (options.syscalls ?? DISK_SYSCALLS).join(',');
  const args = ['-f', '-qq', '-p', String(options.pid), '-e', `trace=${syscalls}`, '-o', options.outputFile];
  for (const path of options.paths ?? []) args.push('-P', path);
  if (options.killAt !== undefined) args.push('-e', `inject=${syscalls}:signal=SIGKILL:when=${options.killAt}`);
  if (options.failAt) {
    args.push('-e', `inject=${syscalls}:error=${options.failAt.errno}:when=${options.failAt.index}`);
  }
  const strace: ChildProcess = spawn('strace', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  strace.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => strace.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const threads = threadsOf(options.pid);
    if (threads.length > 0 && threads.every((tid) => tracedBy(tid) === strace.pid)) break;
    if (strace.exitCode !== null || Date.now() > deadline) {
      strace.kill('SIGKILL');
      throw new Error(`strace did not attach to ${options.pid}: ${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    async detach(force = false) {
      if (strace.exitCode === null && strace.signalCode === null) strace.kill(force ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

/** How many calls each thread made, from an `outputFile` of attachStrace. */
export function callsPerThread(outputFile: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
    const match = /^(\d+)\s+([a-z0-9_]+)\(/.exec(line);
    if (!match) continue;
    const tid = Number(match[1]);
    counts.set(tid, (counts.get(tid) ?? 0) + 1);
  }
  return counts;
}

/**
 * The kill indices to try: all of 1..total when there are at most `budget`, else a sample with a
 * fixed seed that always keeps the first and the last few (printed by the caller, so a failure can
 * be rerun at the same index).
 */
export function killIndices(total: number, budget: number, seed = 20261202): number[] {
  const all = Array.from({ length: total }, (_, i) => i + 1);
  if (total <= budget) return all;
  const kept = new Set([1, 2, total - 2, total - 1, total].filter((n) => n >= 1));
  let state = seed;
  const random = () => {
    // mulberry32: small, seedable, good enough to spread the sample.
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  while (kept.size < budget) kept.add(1 + Math.floor(random() * total));
  return [...kept].sort((a, b) => a - b);
}
