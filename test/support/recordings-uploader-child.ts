/**
 * The desktop client's uploader as its own process (what main/index.ts runs first on start):
 * resumes whatever the spool at VIGIL_SPOOL_DIR holds, prints progress as JSON lines, and exits
 * once everything is on the service. The kill tests SIGKILL it in the middle of a PATCH.
 */
import type { Logger } from '../../main/logger';
import { resumePendingUploads } from '../../main/recordings/recordings-runtime';
import { createTestSafeStorage } from './recordings-safe-storage';

const print = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

const log: Logger = {
  info: (message, fields) => print({ type: 'log', level: 'info', message, ...fields }),
  warn: (message, fields) => print({ type: 'log', level: 'warn', message, ...fields }),
  error: (message, fields) => print({ type: 'log', level: 'error', message, ...fields }),
};

const runtime = await resumePendingUploads({
  spoolDirectory: process.env.VIGIL_SPOOL_DIR!,
  safeStorage: createTestSafeStorage(),
  platform: 'linux',
  log,
  maxPatchBytes: Number(process.env.VIGIL_MAX_PATCH_BYTES ?? 1024 * 1024),
  backoff: { baseMs: 50, maxMs: 500 },
  insufficientStorageDelayMs: 100,
});
print({ type: 'started', pending: runtime.spool.recordings().length, recovered: runtime.recovery.recovered });
runtime.uploader.on('uploaded', (event) => print({ type: 'uploaded', ...event }));
await runtime.uploader.whenIdle();
print({ type: 'idle', progress: runtime.uploader.progress() });
await runtime.close();
process.exit(0);
