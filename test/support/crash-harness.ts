/**
 * The service as a child process that the fault-injection suites kill and restart on the same
 * data directory (and database), with strace attached for one piece of work at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachStrace, callsPerThread, type Tracer } from './fault-injection';
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

export async function startCrashService(backend: BackendName): Promise<CrashService> {
  const database = await createTestDatabase(backend);
  const scratch = await mkdtemp(join(tmpdir(), 'vigil-crash-trace-'));
  const env = {
    VIGIL_DATA_DIR: database.dataDir,
    DATABASE_URL: database.databaseUrl ?? '',
    // One pool thread: the n-th disk call is the same call in every run.
    UV_THREADPOOL_SIZE: '1',
    VIGIL_LEASE_SWEEP_INTERVAL_MS: '300',
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

  async function traced(
    options: { killAt?: number; failAt?: { index: number; errno: string }; paths?: string[]; syscalls?: string[] },
    work: () => Promise<void>,
  ): Promise<{ tracer: Tracer; outputFile: string; error: unknown }> {
    runs += 1;
    const outputFile = join(scratch, `run-${runs}.trace`);
    const tracer = await attachStrace({ pid: child.process.pid!, outputFile, ...options });
    let error: unknown;
    try {
      await work();
    } catch (caught) {
      error = caught;
    }
    return { tracer, outputFile, error };
  }

  return {
    get url() {
      return url;
    },
    account,
    session,
    database,
    async countCalls(work) {
      const { tracer, outputFile, error } = await traced({}, work);
      await tracer.detach();
      if (error) throw error;
      return Math.max(0, ...callsPerThread(outputFile).values());
    },
    async runWithKillAt(index, work) {
      const { tracer, error } = await traced({ killAt: index }, work);
      // A request cut short by the kill can fail before the exit is reported here: give it a moment.
      if (error) await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      const died = child.process.exitCode !== null || child.process.signalCode !== null;
      if (!died) {
        await tracer.detach();
        if (error) throw error;
        return false;
      }
      await child.exited;
      await tracer.detach();
      await start(false);
      return true;
    },
    async runWithFailureAt(failure, work) {
      const { index, errno, paths, syscalls } = failure;
      const { tracer, error } = await traced({ failAt: { index, errno }, paths, syscalls }, work);
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
