/**
 * The service as a child process that the fault-injection suites kill and restart on the same
 * data directory (and database), with strace attached for one piece of work at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachStrace, callsPerThread, isDead, type Tracer } from './fault-injection';
import { spawnTsx, type ChildHandle } from './recordings-processes';
import type { LaunchedSession } from './recordings-service';
import type { TestKey } from './recordings-signed-fetch';
import { createTestDatabase, type BackendName, type TestDatabase } from './service-harness';

const SERVICE_CHILD = 'test/support/recordings-service-child.ts';

export interface CrashService {
  readonly url: string;
  readonly account: TestKey;
  readonly session: LaunchedSession;
  readonly database: TestDatabase;
  /** Runs `work` with strace counting the disk calls it causes; returns the largest per-thread count. */
  countCalls(work: () => Promise<void>): Promise<number>;
  /**
   * Runs `work` with a SIGKILL armed at disk call `index`. Returns whether the service died; if so
   * it is restarted (untraced) before this resolves, and `work`'s error, expected then, is swallowed.
   */
  runWithKillAt(index: number, work: () => Promise<void>): Promise<boolean>;
  /** Runs `work` with the `index`-th of `syscalls` on `paths` failing with `errno` (the service stays up). */
  runWithFailureAt(
    failure: { index: number; errno: string; paths: string[]; syscalls: string[] },
    work: () => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startCrashService(
  backend: BackendName,
  extraEnv: Record<string, string> = {},
): Promise<CrashService> {
  const database = await createTestDatabase(backend);
  const scratch = await mkdtemp(join(tmpdir(), 'vigil-crash-trace-'));
  const env = {
    VIGIL_DATA_DIR: database.dataDir,
    DATABASE_URL: database.databaseUrl ?? '',
    // One pool thread: the n-th disk call is the same call in every run.
    UV_THREADPOOL_SIZE: '1',
    VIGIL_LEASE_SWEEP_INTERVAL_MS: '300',
    VIGIL_BACKGROUND_JOBS: '1',
    ...extraEnv,
  };
  let child: ChildHandle;
  let url = '';
  const start = async (setup: boolean) => {
    child = spawnTsx(SERVICE_CHILD, { ...env, VIGIL_TEST_SETUP: setup ? '1' : '0' });
    const listening = await child.waitFor((message) => message.type === 'listening');
    url = `http://127.0.0.1:${String(listening.port)}`;
    return listening;
  };
  const listening = await start(true);
  const account = listening.account as TestKey;
  const session = listening.session as LaunchedSession;
  let runs = 0;

  async function traced(options: {
    killAt?: number;
    failAt?: { index: number; errno: string };
    paths?: string[];
    syscalls?: string[];
  }): Promise<{ tracer: Tracer; outputFile: string }> {
    runs += 1;
    const outputFile = join(scratch, `run-${runs}.trace`);
    try {
      return { tracer: await attachStrace({ pid: child.process.pid!, outputFile, ...options }), outputFile };
    } catch (error) {
      throw new Error(`${String(error)}\nthe service's output:\n${child.stderr().slice(-3000)}`);
    }
  }

  /** Settles with the work's outcome, or with 'killed' as soon as the service is dead. */
  async function outcomeOf(work: () => Promise<void>): Promise<{ killed: boolean; error: unknown }> {
    const pid = child.process.pid!;
    const settled = work().then(
      () => ({ killed: false, error: undefined as unknown }),
      (error: unknown) => ({ killed: false, error }),
    );
    let watching = true;
    const killed = (async () => {
      while (watching) {
        if (isDead(pid)) return { killed: true, error: undefined as unknown };
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return { killed: false, error: undefined as unknown };
    })();
    const first = await Promise.race([settled, killed]);
    watching = false;
    // The work may have failed because of the kill an instant before it was seen.
    if (!first.killed && first.error !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (isDead(pid)) return { killed: true, error: undefined };
    }
    return first;
  }

  return {
    get url() {
      return url;
    },
    account,
    session,
    database,
    async countCalls(work) {
      const { tracer, outputFile } = await traced({});
      const { error } = await outcomeOf(work);
      await tracer.detach();
      if (error) throw error;
      return Math.max(0, ...callsPerThread(outputFile).values());
    },
    async runWithKillAt(index, work) {
      const { tracer } = await traced({ killAt: index });
      const { killed, error } = await outcomeOf(work);
      if (!killed) {
        await tracer.detach();
        // Background work (a webhook's outcome, a log line) may reach call n after `work` returned.
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!isDead(child.process.pid!)) {
          if (error) throw error;
          return false;
        }
      }
      await tracer.detach(true);
      await child.exited;
      await start(false);
      return true;
    },
    async runWithFailureAt(failure, work) {
      const { index, errno, paths, syscalls } = failure;
      const { tracer } = await traced({ failAt: { index, errno }, paths, syscalls });
      const { error } = await outcomeOf(work);
      await tracer.detach();
      if (error) throw error;
    },
    async close() {
      await child?.kill('SIGKILL');
      await database.dispose();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
