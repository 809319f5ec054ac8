/**
 * GET /v1/client/session/events over real HTTP on each backend: signed like every client call, the
 * current state and score first, state changes with their reason as they commit, comment pings, a
 * terminal state ending the stream; and the desktop client's own SessionEventStream reading it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../main/api/api-client';
import { silentLogger } from '../../../main/logger';
import { SessionEventStream } from '../../../main/session/session-event-stream';
import type { SessionEvent } from '../../../shared/api/client';
import { call, createAccount, launchCandidate, type TestKey } from '../../support/service-client';
import { EVENTS_PATH, isState, openEventStream } from '../../support/service-event-stream';
import { fakeFaceAnalyzer } from '../../support/service-fake-face';
import { describeEachBackend, startTestService, type TestService } from '../../support/service-harness';
import {
  checkIdentity,
  institutionAct,
  lifecycle,
  reportIncidents,
  startedCandidate,
} from '../../support/service-proctoring';
import { waitFor } from '../../support/webhook-receiver';

describeEachBackend('client event stream', (backend) => {
  let service: TestService;
  let account: TestKey;

  beforeAll(async () => {
    service = await startTestService(backend, { faceAnalyzer: fakeFaceAnalyzer(), eventStreamPingMs: 100 });
    account = await createAccount(service);
  });
  // Streams left open must not keep the service from closing (it ends them first).
  afterAll(() => service?.close());

  const manual = { policy: { autoApprove: false } };
  const open = (key: TestKey) => openEventStream(service.baseUrl, key, { now: service.app.clock() });

  it('is signed with the session key: unsigned 401, an institution key 403', async () => {
    expect((await fetch(`${service.baseUrl}${EVENTS_PATH}`)).status).toBe(401);
    const refused = await call<{ error: { code: string } }>(service.baseUrl, 'GET', EVENTS_PATH, { key: account });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('opens with retry, then the current state; pings with comments', async () => {
    const candidate = await launchCandidate(service, { account });
    const stream = await open(candidate.sessionKey);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await stream.next(isState('joined'));
      expect(stream.events).toEqual([{ type: 'state', state: 'joined', reason: null }]);
      expect(stream.text()).toMatch(/^retry: \d+\n\n/);
      await stream.waitForText(/\n: ping\n\n/);
    } finally {
      stream.close();
    }
  });

  it('pushes the institution’s approval the moment it commits, with the reason', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    const stream = await open(candidate.sessionKey);
    try {
      await stream.next(isState('checks'));
      expect((await lifecycle(service, candidate, 'request-approval')).body.state).toBe('approval_requested');
      expect(await stream.next(isState('approval_requested'))).toEqual({
        type: 'state',
        state: 'approval_requested',
        reason: 'Waiting for the institution to approve the session',
      });
      expect((await institutionAct(service, candidate, 'approve')).status).toBe(200);
      expect(await stream.next(isState('approved'))).toEqual({
        type: 'state',
        state: 'approved',
        reason: 'Approved by the institution',
      });
    } finally {
      stream.close();
    }
  });

  it('lets a reconnecting client catch up: the state (and why) and the score come first', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    await lifecycle(service, candidate, 'request-approval');
    await reportIncidents(service, candidate, ['FOCUS_LOST']); // voids the request while nobody listens
    const stream = await open(candidate.sessionKey);
    try {
      const state = await stream.next((event) => event.type === 'state');
      expect(state).toMatchObject({
        state: 'checks',
        reason: expect.stringMatching(/^FOCUS_LOST while waiting for approval/),
      });
    } finally {
      stream.close();
    }

    const started = await launchCandidate(service, { account });
    await startedCandidate(service, started);
    await reportIncidents(service, started, ['BLOCKED_SHORTCUT']);
    const again = await open(started.sessionKey);
    try {
      await again.next(isState('started'));
      expect(again.events).toEqual([
        { type: 'auth-score', authScore: 98 },
        { type: 'state', state: 'started', reason: 'The exam started' },
      ]);
    } finally {
      again.close();
    }
  });

  it('pushes score changes and the final state, then ends the stream', async () => {
    const candidate = await launchCandidate(service, { account });
    await startedCandidate(service, candidate);
    const stream = await open(candidate.sessionKey);
    try {
      await stream.next(isState('started'));
      const from = stream.events.length;
      await reportIncidents(service, candidate, ['FOCUS_LOST']);
      expect(await stream.next((event) => event.type === 'auth-score', { from })).toEqual({
        type: 'auth-score',
        authScore: 95,
      });
      await lifecycle(service, candidate, 'finish');
      expect(await stream.next(isState('finished'), { from })).toEqual({
        type: 'state',
        state: 'finished',
        reason: 'The exam was handed in',
      });
      await stream.ended;
    } finally {
      stream.close();
    }
    // A stream opened on an ended session says how it ended, then ends.
    const late = await open(candidate.sessionKey);
    await late.ended;
    expect(late.events).toEqual([
      { type: 'auth-score', authScore: 95 },
      { type: 'state', state: 'finished', reason: 'The exam was handed in' },
    ]);
  });

  it('is understood by the desktop client’s SessionEventStream', async () => {
    const candidate = await launchCandidate(service, { account, examBody: manual });
    await checkIdentity(service, candidate);
    const api = new ApiClient({
      serviceUrl: service.baseUrl,
      client: { version: 'test', platform: 'linux', kind: 'desktop' },
    });
    api.setSessionKey({ keyId: candidate.sessionKey.keyId, secretKey: candidate.sessionKey.secretKey });
    // The client signs with its own clock, corrected by the service's serverTime: give it the service's.
    api.clock.updateFromServerTime(service.app.clock().toISOString(), Date.now(), Date.now());
    const received: SessionEvent[] = [];
    const events = new SessionEventStream({ api, log: silentLogger, onEvent: (event) => received.push(event) });
    events.start();
    try {
      await waitFor('the current state', () => received.some(isState('checks')));
      await lifecycle(service, candidate, 'request-approval');
      await institutionAct(service, candidate, 'approve');
      await waitFor('the approval', () => received.some(isState('approved')));
      expect(
        received.filter((event) => event.type === 'state').map((event) => event.type === 'state' && event.state),
      ).toEqual(['checks', 'approval_requested', 'approved']);
    } finally {
      events.stop();
    }
  });

  describe('when the service closes', () => {
    it('ends open streams so it can shut down', async () => {
      const own = await startTestService(backend);
      const candidate = await launchCandidate(own);
      const stream = await openEventStream(own.baseUrl, candidate.sessionKey);
      await stream.next(isState('joined'));
      await own.close();
      await stream.ended;
      expect(stream.events).toHaveLength(1);
    });
  });
});
