/**
 * Several service instances on one PostgreSQL database: a client's event stream on instance A hears
 * what is committed on instance B (LISTEN/NOTIFY), including after A's listening connection was
 * killed, and an event too large for NOTIFY makes the stream re-read the session instead.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelForSchema,
  encodeNotification,
  MAX_NOTIFY_PAYLOAD_BYTES,
} from '../../../server/events/postgres-event-bus';
import { createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { isState, openEventStream } from '../../support/service-event-stream';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import {
  createTestDatabase,
  describePostgresOnly,
  startTestService,
  type TestDatabase,
  type TestService,
} from '../../support/service-harness';
import { checkIdentity, institutionAct, lifecycle, reportIncidents } from '../../support/service-proctoring';
import { waitFor } from '../../support/webhook-receiver';

describe('postgres event notifications', () => {
  it('keeps payloads under NOTIFY’s limit, falling back to a re-read', () => {
    const small = encodeNotification('s1', { type: 'auth-score', authScore: 80 });
    expect(JSON.parse(small)).toEqual({ s: 's1', e: { type: 'auth-score', authScore: 80 } });
    const large = encodeNotification('s1', { type: 'state', state: 'checks', reason: 'é'.repeat(5000) });
    expect(Buffer.byteLength(large)).toBeLessThan(MAX_NOTIFY_PAYLOAD_BYTES);
    expect(JSON.parse(large)).toEqual({ s: 's1', r: 1 });
  });

  it('names the channel after the schema, as a valid identifier', () => {
    expect(channelForSchema('public')).toBe('vigil_events_public');
    expect(channelForSchema('Exam-Prod')).toBe('vigil_events_exam_prod');
    expect(channelForSchema('x'.repeat(80))).toHaveLength(63);
  });
});

describePostgresOnly('events across two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let first: TestService;
  let second: TestService;
  let account: TestKey;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    first = await startTestService('postgres', { faceAnalyzer: fakeFaceAnalyzer() }, database);
    second = await startTestService('postgres', { faceAnalyzer: fakeFaceAnalyzer() }, database);
    account = await createAccount(first);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.dispose();
  });

  it('delivers an approval sent to instance B to the stream held by instance A', async () => {
    const candidate = await launchCandidate(first, { account, examBody: { policy: { autoApprove: false } } });
    await checkIdentity(first, candidate);
    await lifecycle(first, candidate, 'request-approval');
    const stream = await openEventStream(first.baseUrl, candidate.sessionKey);
    try {
      await stream.next(isState('approval_requested'));
      const approved = await institutionAct(second, candidate, 'approve');
      expect(approved.status).toBe(200);
      expect(await stream.next(isState('approved'))).toEqual({
        type: 'state',
        state: 'approved',
        reason: 'Approved by the institution',
      });
      // The score too: started on A, a violation reported to B.
      await lifecycle(first, candidate, 'start');
      const from = stream.events.length;
      await reportIncidents(second, candidate, ['FOCUS_LOST']);
      expect(
        await stream.next((event) => event.type === 'auth-score' && event.authScore === 95, { from }),
      ).toBeTruthy();
    } finally {
      stream.close();
    }
  });

  it('re-reads every session after the listening connection is killed, and listens again', async () => {
    const candidate = await launchCandidate(first, { account, examBody: { policy: { autoApprove: false } } });
    await checkIdentity(first, candidate);
    const stream = await openEventStream(first.baseUrl, candidate.sessionKey);
    try {
      await stream.next(isState('checks'));
      const listeners = await killListeners(database);
      expect(listeners).toBeGreaterThanOrEqual(2); // one per instance
      // Meanwhile B moves the session; A's stream hears of it from the re-read or from the new LISTEN.
      await lifecycle(second, candidate, 'request-approval');
      await stream.next(isState('approval_requested'), { timeoutMs: 15_000 });
      // And the new connection carries later events.
      await waitFor('both instances listening again', async () => (await countListeners(database)) >= 2);
      await institutionAct(second, candidate, 'approve');
      await stream.next(isState('approved'));
    } finally {
      stream.close();
    }
  });

  it('sends an event too large for NOTIFY as a re-read of the session', async () => {
    const candidate = await launchCandidate(first, { account });
    const stream = await openEventStream(first.baseUrl, candidate.sessionKey);
    try {
      await stream.next(isState('joined'));
      const before = stream.events.length;
      await second.app.transaction((uow) =>
        second.app.sessionEvents.publish(uow, candidate.session.sessionId, {
          type: 'state',
          state: 'checks',
          reason: 'x'.repeat(10_000),
        }),
      );
      // The stream re-read the session: its real state, not the oversized event.
      expect(await stream.next(isState('joined'), { from: before })).toEqual({
        type: 'state',
        state: 'joined',
        reason: null,
      });
    } finally {
      stream.close();
    }
  });
});

async function withClient<T>(database: TestDatabase, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const listenQuery = `select pid from pg_stat_activity where query like 'LISTEN "vigil_events_%' and query like '%' || current_schema() || '"' and pid <> pg_backend_pid()`;

async function countListeners(database: TestDatabase): Promise<number> {
  return withClient(database, async (client) => (await client.query(listenQuery)).rowCount ?? 0);
}

async function killListeners(database: TestDatabase): Promise<number> {
  return withClient(database, async (client) => {
    const { rows } = await client.query<{ pid: number }>(listenQuery);
    for (const { pid } of rows) await client.query('select pg_terminate_backend($1)', [pid]);
    return rows.length;
  });
}
