/**
 * `serve` takes the sweep's interval from VIGIL_SWEEP_INTERVAL_MS, so a deployment (or this test)
 * can have DISCONNECTED within seconds: the real CLI as a child process, on a fresh data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { LaunchResponse } from '../../../shared/api/client';
import type { Incident } from '../../../shared/api/sessions';
import { call, createExam, createSession, launch, type TestKey } from '../../support/service-client';
import { runCli, startServiceProcess, type ServiceProcess } from '../../support/service-process';
import { waitFor } from '../../support/wait-for';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-sweep-env-'));
let service: ServiceProcess | undefined;

afterAll(async () => {
  await service?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('records DISCONNECTED about two seconds into a silence with VIGIL_SWEEP_INTERVAL_MS=300', async () => {
  const created = runCli(['account', 'create', '--name', 'Sweep test', '--json', '--data-dir', dataDir]);
  expect(created.status, created.stderr).toBe(0);
  const { accountId, secretKey } = JSON.parse(created.stdout) as { accountId: number; secretKey: string };
  const account: TestKey = { keyId: accountId, secretKey };
  service = await startServiceProcess(['--data-dir', dataDir], { VIGIL_SWEEP_INTERVAL_MS: '300' });
  const serviceUrl = service.url;
  const target = { baseUrl: serviceUrl };

  const exam = await createExam(target, account, { policy: { disconnectAfterSeconds: 2 } });
  const session = await createSession(target, account, exam.id);
  const launched = (await launch(target, session.launchCode)).body as LaunchResponse;
  const key = { keyId: launched.keyId, secretKey: launched.secretKey };
  for (const step of ['request-approval', 'start']) {
    expect((await call(service.url, 'POST', `/v1/client/session/${step}`, { key })).status).toBe(200);
  }

  const disconnected: Incident = await waitFor(
    async () => {
      const listed = await call<{ incidents: Incident[] }>(
        serviceUrl,
        'GET',
        `/v1/sessions/${session.sessionId}/incidents`,
        { key: account },
      );
      return listed.body.incidents.find((incident) => incident.type === 'DISCONNECTED');
    },
    { describe: 'DISCONNECTED from the 300 ms sweep', timeoutMs: 10_000, intervalMs: 300 },
  );
  expect(disconnected.details.silentForMs).toBeGreaterThanOrEqual(2_000);
  expect(disconnected.details.silentForMs).toBeLessThan(5_000);
}, 60_000);

it('refuses a nonsensical interval with a message naming the variable', () => {
  const refused = runCli(['serve', '--port', '0', '--data-dir', dataDir], { VIGIL_SWEEP_INTERVAL_MS: 'soon' });
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toMatch(/VIGIL_SWEEP_INTERVAL_MS/);
});
