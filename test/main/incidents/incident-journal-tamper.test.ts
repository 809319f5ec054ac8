/**
 * The offline incident journal is authenticated (issue 10): a candidate who edits, deletes, moves or
 * forges a line while the client is down is reported to the real service as JOURNAL_TAMPERED on the
 * next send; an untouched journal and a torn last line (a crash mid-write) are not tampering.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { IncidentQueue } from '../../../main/incidents/incident-queue';
import { startClientTestService, type ClientTestService } from '../../support/client-service';

describe('authenticated offline incident journal against the real service', () => {
  let service: ClientTestService;
  let dir: string;
  beforeAll(async () => {
    service = await startClientTestService();
  });
  afterAll(async () => {
    await service.dispose();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A session whose client raised `count` FOCUS_LOST incidents while the service could not take them, then stopped. */
  async function offlineJournal(count: number) {
    const { launchCode } = await service.createSession();
    const api = new ApiClient({
      serviceUrl: service.baseUrl,
      client: { version: 'test', platform: 'linux', kind: 'desktop' },
    });
    const launched = await api.launch(launchCode);
    api.setSessionKey({ keyId: launched.keyId, secretKey: launched.secretKey });
    const journalPath = join(dir, `${launched.sessionId}.jsonl`);
    const offline = await IncidentQueue.open({
      journalPath,
      journalKey: launched.secretKey,
      send: async () => {
        throw Object.assign(new Error('service busy'), { code: 'internal' });
      },
      retryBaseMs: 60_000,
    });
    for (let n = 1; n <= count; n += 1) await offline.raise({ type: 'FOCUS_LOST', details: { n } });
    await offline.close();
    const restart = async () => {
      const queue = await IncidentQueue.open({
        journalPath,
        journalKey: launched.secretKey,
        send: async (batch) => {
          await api.postIncidents(batch, { retries: 0 });
        },
      });
      await queue.flush();
      const pending = queue.pendingCount;
      await queue.close();
      return { pending };
    };
    const stored = async () => {
      const incidents = await service.incidents(launched.sessionId);
      return {
        focus: incidents.filter((i) => i.type === 'FOCUS_LOST').map((i) => i.details.n),
        tampered: incidents.filter((i) => i.type === 'JOURNAL_TAMPERED'),
      };
    };
    const lines = async () => (await readFile(journalPath, 'utf8')).split('\n').slice(0, -1);
    const rewrite = async (next: string[]) => writeFile(journalPath, next.map((line) => `${line}\n`).join(''));
    return { journalPath, restart, stored, lines, rewrite };
  }

  it('an untouched journal: everything is sent, nothing is reported', async () => {
    const journal = await offlineJournal(3);
    expect(await journal.restart()).toEqual({ pending: 0 });
    expect(await journal.stored()).toEqual({ focus: [1, 2, 3], tampered: [] });
  });

  it('a torn last line (crash mid-write) is not tampering, and the next run writes a clean chain after it', async () => {
    const journal = await offlineJournal(2);
    await appendFile(journal.journalPath, 'Zm9yZ2VkLW1hYy0uLi4 {"kind":"incident","incident":{"clientId":"tr');
    expect(await journal.restart()).toEqual({ pending: 0 });
    expect(await journal.stored()).toEqual({ focus: [1, 2], tampered: [] });
    // The torn bytes were cut off: every line now verifies (a third start finds nothing to report).
    expect((await journal.lines()).every((line) => /^[A-Za-z0-9_-]{43} \{/.test(line))).toBe(true);
    await journal.restart();
    expect((await journal.stored()).tampered).toEqual([]);
  });

  it('an edited line: JOURNAL_TAMPERED names it, and the edited content is not believed', async () => {
    const journal = await offlineJournal(3);
    const lines = await journal.lines();
    lines[1] = lines[1]!.replace('"n":2', '"n":20');
    await journal.rewrite(lines);
    await journal.restart();
    const { focus, tampered } = await journal.stored();
    expect(focus).toEqual([1, 3]);
    expect(tampered).toHaveLength(1);
    expect(tampered[0]).toMatchObject({
      severity: 'critical',
      details: { journalLines: 3, badLines: [2], badLineCount: 1 },
    });
  });

  it('a deleted line: the chain breaks at the line after it', async () => {
    const journal = await offlineJournal(3);
    const lines = await journal.lines();
    await journal.rewrite([lines[0]!, lines[2]!]);
    await journal.restart();
    const { tampered } = await journal.stored();
    expect(tampered).toHaveLength(1);
    expect(tampered[0]!.details).toMatchObject({ journalLines: 2, badLines: [2] });
  });

  it('the middle cut out (lines 2–4 of 5): reported', async () => {
    const journal = await offlineJournal(5);
    const lines = await journal.lines();
    await journal.rewrite([lines[0]!, lines[4]!]);
    await journal.restart();
    const { focus, tampered } = await journal.stored();
    expect(focus).toEqual([1]);
    expect(tampered).toHaveLength(1);
    expect(tampered[0]!.details).toMatchObject({ journalLines: 2, badLines: [2] });
  });

  it('two lines swapped: reported', async () => {
    const journal = await offlineJournal(3);
    const [a, b, c] = await journal.lines();
    await journal.rewrite([a!, c!, b!]);
    await journal.restart();
    expect((await journal.stored()).tampered).toHaveLength(1);
  });

  it("a forged 'sent' record cannot hide an incident: it fails its MAC, is reported, and the incidents still go out", async () => {
    const journal = await offlineJournal(2);
    const lines = await journal.lines();
    const ids = lines.map(
      (line) => (JSON.parse(line.slice(44)) as { incident: { clientId: string } }).incident.clientId,
    );
    const forged = JSON.stringify({ kind: 'sent', clientIds: ids });
    await journal.rewrite([...lines, `${'A'.repeat(43)} ${forged}`, forged]);
    await journal.restart();
    const { focus, tampered } = await journal.stored();
    expect(focus).toEqual([1, 2]);
    expect(tampered).toHaveLength(1);
    expect(tampered[0]!.details).toMatchObject({ journalLines: 4, badLines: [3, 4], badLineCount: 2 });
  });

  it('is reported once: a later start does not report the same lines again, but reports new tampering', async () => {
    const journal = await offlineJournal(3);
    const lines = await journal.lines();
    lines[0] = lines[0]!.replace('"n":1', '"n":10');
    await journal.rewrite(lines);
    await journal.restart();
    await journal.restart();
    expect((await journal.stored()).tampered).toHaveLength(1);
    await appendFile(journal.journalPath, `${'B'.repeat(43)} {"kind":"sent","clientIds":[]}\n`);
    await journal.restart();
    const { tampered } = await journal.stored();
    expect(tampered).toHaveLength(2);
    expect(tampered[1]!.details).toMatchObject({ badLineCount: 1 });
  });
});
