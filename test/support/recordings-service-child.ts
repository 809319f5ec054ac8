/**
 * The service as its own process for the kill tests: buildApp on 127.0.0.1 (VIGIL_PORT or 0),
 * data in VIGIL_DATA_DIR, recordings where VIGIL_STORAGE_URL says. With VIGIL_TEST_SETUP=1 it also
 * creates an institution account and launches one session, and prints their keys.
 */
import { createTestAccount, launchTestSession, startRecordingsService } from './recordings-service';

const print = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

const service = await startRecordingsService({
  dataDir: process.env.VIGIL_DATA_DIR!,
  port: Number(process.env.VIGIL_PORT ?? 0),
  ...(process.env.VIGIL_STORAGE_URL ? { storageUrl: process.env.VIGIL_STORAGE_URL } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  backgroundJobs: process.env.VIGIL_BACKGROUND_JOBS === '1',
  ...(process.env.VIGIL_LEASE_SWEEP_INTERVAL_MS
    ? { leaseSweepIntervalMs: Number(process.env.VIGIL_LEASE_SWEEP_INTERVAL_MS) }
    : {}),
});
if (process.env.VIGIL_TEST_SETUP === '1') {
  const account = await createTestAccount(service.app);
  const session = await launchTestSession(service.baseUrl, account);
  print({ type: 'listening', port: service.port, account, session });
} else {
  print({ type: 'listening', port: service.port });
}
