/**
 * A client that takes up a stored session after a restart reports SESSION_RESUMED with how long it
 * was gone (from the service's last heartbeat to its answer, on the service's clock), through the
 * offline queue, to the real service. Without it the institution only saw a gap.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHandlers } from '../../../main/app/ipc-handlers';
import { createNodeDeps } from '../../../main/app/composition-root';
import { silentLogger } from '../../../main/logger';
import { reportSessionResumed } from '../../../main/session/report-resume';
import type { SessionKey } from '../../../main/keyring/session-key';
import { startClientTestService, type ClientTestService } from '../../support/client-service';

let service: ClientTestService;
let dataDir: string;
let offsetMs = 0;

beforeAll(async () => {
  // The service's clock moves on while the client is away.
  service = await startClientTestService({ now: () => new Date(Date.now() + offsetMs) });
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-resume-report-'));
});
afterAll(async () => {
  await service?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const nodeDeps = (persist?: (credentials: SessionKey | null) => Promise<void>) =>
  createNodeDeps({
    serviceUrl: service.baseUrl,
    dataDir,
    version: '1.2.3',
    kind: 'desktop',
    emit: () => undefined,
    log: silentLogger,
    ...(persist ? { persistCredentials: persist } : {}),
  });

it('reports SESSION_RESUMED with the time since the last heartbeat the service saw', async () => {
  let kept: SessionKey | null = null;
  const first = nodeDeps(async (credentials) => void (kept = credentials));
  const handlers = createHandlers(first);
  const { launchCode, sessionId } = await service.createSession();
  await handlers['session:launch']({ launchCode });
  await handlers['session:request-approval'](undefined);
  await handlers['session:start'](undefined);
  await first.dispose();

  // Gone for two minutes on the service's clock (the client's own clock does not matter).
  offsetMs += 120_000;
  const second = nodeDeps();
  const resumed = await second.session.resume(kept!);
  await second.incidents.openSession(resumed.sessionId);
  expect(await reportSessionResumed(second.incidents, resumed, second.session.lastResumeGap())).toBe(true);
  await second.incidents.activeQueue!.flush();
  await second.dispose();

  const [report] = (await service.incidents(sessionId)).filter((incident) => incident.type === 'SESSION_RESUMED');
  expect(report).toMatchObject({ severity: 'low', details: { state: 'started' } });
  expect(report!.details.goneForMs).toBeGreaterThanOrEqual(120_000);
  expect(report!.details.goneForMs).toBeLessThan(130_000);
  expect(report!.details.lastHeartbeatAt).toBeTypeOf('string');
});
