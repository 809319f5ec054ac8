import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { IncidentQueue } from '../../../main/incidents/incident-queue';
import { startClientTestService, type ClientTestService } from '../../support/client-service';
import { waitForValue } from '../../support/wait-for';

/** Polls the queue's state (it works in the background) until `accept` holds. */
function until<T>(read: () => T, accept: (value: T) => boolean, describe: string): Promise<T> {
  return waitForValue(read, accept, { describe, timeoutMs: 15_000 });
}

describe('offline incident queue against the real service', () => {
  let service: ClientTestService;
  let dir: string;
  beforeAll(async () => {
    service = await startClientTestService();
  });
  afterAll(async () => {
    await service.dispose();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-incidents-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function launchedQueue(networkLog: boolean[] = []) {
    const { launchCode } = await service.createSession();
    const api = new ApiClient({
      serviceUrl: service.baseUrl,
      client: { version: 'test', platform: 'linux', kind: 'desktop' },
    });
    const launched = await api.launch(launchCode);
    api.setSessionKey({ keyId: launched.keyId, secretKey: launched.secretKey });
    const journalPath = join(dir, `${launched.sessionId}.jsonl`);
    const queue = await IncidentQueue.open({
      journalPath,
      journalKey: launched.secretKey,
      send: async (batch) => {
        await api.postIncidents(batch, { retries: 0 });
      },
      onNetworkStatus: (online) => networkLog.push(online),
      retryBaseMs: 50,
      retryMaxMs: 200,
    });
    return { queue, sessionId: launched.sessionId, journalPath, api, journalKey: launched.secretKey };
  }

  it('service stopped, incidents raised, service back: all arrive in order, none twice, and NETWORK_LOST records the gap', async () => {
    const network: boolean[] = [];
    const { queue, sessionId } = await launchedQueue(network);
    await queue.raise({ type: 'BLOCKED_SHORTCUT', details: { n: 0 } });
    await until(
      () => queue.pendingCount,
      (n) => n === 0,
      'the first incident delivered',
    );

    await service.stop();
    for (let n = 1; n <= 5; n += 1) await queue.raise({ type: 'BLOCKED_SHORTCUT', details: { n } });
    await until(
      () => queue.online,
      (online) => !online,
      'the queue to notice the service is gone',
    );
    expect(queue.pendingCount).toBeGreaterThanOrEqual(5);

    await service.restart();
    await until(
      () => queue.pendingCount,
      (n) => n === 0,
      'the backlog delivered after the restart',
    );
    await queue.close();

    const stored = await service.incidents(sessionId);
    const shortcuts = stored.filter((i) => i.type === 'BLOCKED_SHORTCUT');
    // None lost, none twice.
    expect(shortcuts.map((i) => i.details.n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // In order of arrival: the service's own storage sequence, not the listing (which sorts by the
    // client's occurredAt, so it would show the raising order whatever order they were delivered in).
    const byId = new Map(shortcuts.map((i) => [i.id, i.details.n]));
    const arrival = service.storageOrder(sessionId).filter((id) => byId.has(id));
    expect(arrival.map((id) => byId.get(id))).toEqual([0, 1, 2, 3, 4, 5]);
    const times = shortcuts.map((i) => Date.parse(i.occurredAt));

    const gaps = stored.filter((i) => i.type === 'NETWORK_LOST');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.details.durationMs).toBeGreaterThan(0);
    expect(Date.parse(gaps[0]!.occurredAt)).toBeLessThanOrEqual(times[1]!);
    expect(network).toEqual([false, true]);
  });

  it('a restarted client re-sends what it journaled but had not confirmed; the service stores it once', async () => {
    const { queue, sessionId, journalPath, api, journalKey } = await launchedQueue();
    await service.stop();
    await queue.raise({ type: 'CLIPBOARD_BLOCKED', details: { action: 'paste' } });
    await queue.raise({ type: 'DEVTOOLS_ATTEMPT', details: { keys: 'F12' } });
    await until(
      () => queue.online,
      (online) => !online,
      'the queue to notice the service is gone',
    );
    await queue.close(); // the "crash": nothing was confirmed

    // Replay the journal with one incident already delivered behind the queue's back (ack lost).
    const lines = (await readFile(journalPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    await service.restart();
    const first = JSON.parse(lines[0]!.slice(lines[0]!.indexOf(' ') + 1)) as {
      incident: Parameters<ApiClient['postIncidents']>[0][number];
    };
    await api.postIncidents([first.incident]);

    const reopened = await IncidentQueue.open({
      journalPath,
      journalKey,
      send: async (batch) => {
        await api.postIncidents(batch, { retries: 0 });
      },
      retryBaseMs: 50,
    });
    expect(reopened.pendingCount).toBe(2);
    await reopened.flush();
    expect(reopened.pendingCount).toBe(0);
    await reopened.close();

    const again = await IncidentQueue.open({ journalPath, journalKey, send: async () => {} });
    expect(again.pendingCount).toBe(0);
    expect(again.sentCount).toBe(2);
    await again.close();

    const stored = (await service.incidents(sessionId)).filter((i) =>
      ['CLIPBOARD_BLOCKED', 'DEVTOOLS_ATTEMPT'].includes(i.type),
    );
    expect(stored.map((i) => i.type)).toEqual(['CLIPBOARD_BLOCKED', 'DEVTOOLS_ATTEMPT']);
  });

  it('survives a torn last line in the journal (a crash mid-write)', async () => {
    const { queue, journalPath, journalKey } = await launchedQueue();
    await service.stop();
    await queue.raise({ type: 'FOCUS_LOST', details: { durationMs: 10 } });
    await queue.close();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(journalPath, '{"kind":"incident","incident":{"clientId":"trunc');
    const reopened = await IncidentQueue.open({ journalPath, journalKey, send: async () => {} });
    expect(reopened.pendingCount).toBe(1);
    await reopened.close();
    await service.restart();
  });
});
