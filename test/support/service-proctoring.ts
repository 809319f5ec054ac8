/**
 * A candidate's way through the service for proctoring tests: checks, a real identity check (with
 * the fake analyzer of service-fake-face.ts), approval and start, incidents; and the institution's
 * view. Every call is signed with the service's clock.
 */
import type { IdentityRequest, IdentityResponse, SessionStatusResponse } from '../../shared/api/client';
import type { Incident, Session } from '../../shared/api/sessions';
import { call, clientIncident, type CallResult, type LaunchedCandidate } from './service-client';
import { faceSnapshot, type FakePerson } from './service-fake-face';
import type { TestService } from './service-harness';

export function clientCall<T>(
  service: TestService,
  candidate: LaunchedCandidate,
  method: string,
  path: string,
  body?: unknown,
): Promise<CallResult<T>> {
  return call<T>(service.baseUrl, method, path, {
    key: candidate.sessionKey,
    now: service.app.clock(),
    ...(body === undefined ? {} : { body }),
  });
}

export async function lifecycle(
  service: TestService,
  candidate: LaunchedCandidate,
  step: 'request-approval' | 'start' | 'finish',
  body?: { recordingOffsetMs?: number },
): Promise<CallResult<SessionStatusResponse>> {
  return clientCall<SessionStatusResponse>(service, candidate, 'POST', `/v1/client/session/${step}`, body);
}

/** The first check step (joined → checks), enrolment as `enrolled`, then a live check showing `shown`. */
export async function checkIdentity(
  service: TestService,
  candidate: LaunchedCandidate,
  options: {
    enrolled?: FakePerson;
    shown?: FakePerson;
    clientPassed?: boolean;
    /** The client's liveness claim; by default a passed head turn (null: none sent). */
    liveness?: IdentityRequest['liveness'] | null;
    /** False: the session is enrolled already (an enrolment is taken once, before the start). */
    enrol?: boolean;
  } = {},
): Promise<IdentityResponse> {
  const step = await clientCall(service, candidate, 'POST', '/v1/client/session/steps', {
    flow: 'identity',
    step: 'START',
    status: 'started',
  });
  if (step.status !== 200) throw new Error(`step failed: ${step.status} ${JSON.stringify(step.body)}`);
  if (options.enrol !== false) await enrolFace(service, candidate, options.enrolled ?? 'a');
  const checked = await clientCall<IdentityResponse>(service, candidate, 'POST', '/v1/client/session/identity', {
    kind: 'live',
    snapshots: [faceSnapshot(options.shown ?? options.enrolled ?? 'a', 0)],
    clientSimilarity: 0.9,
    clientPassed: options.clientPassed ?? true,
    ...(options.liveness === null
      ? {}
      : { liveness: options.liveness ?? { challenge: 'turn-left', passed: true, peakYawDegrees: 14 } }),
  });
  if (checked.status !== 200) throw new Error(`identity failed: ${checked.status} ${JSON.stringify(checked.body)}`);
  return checked.body;
}

export async function enrolFace(service: TestService, candidate: LaunchedCandidate, person: FakePerson = 'a') {
  const enrolled = await clientCall(service, candidate, 'POST', '/v1/client/session/face-enroll', {
    snapshots: [faceSnapshot(person, 1)],
  });
  if (enrolled.status !== 200) throw new Error(`enrol failed: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
}

/** Identity verified, approved (the policy auto-approves by default) and started. */
export async function startedCandidate(
  service: TestService,
  candidate: LaunchedCandidate,
): Promise<SessionStatusResponse> {
  await checkIdentity(service, candidate);
  const approval = await lifecycle(service, candidate, 'request-approval');
  if (approval.body.state !== 'approved') throw new Error(`not approved: ${JSON.stringify(approval.body)}`);
  const started = await lifecycle(service, candidate, 'start');
  if (started.status !== 200) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body;
}

export async function reportIncidents(
  service: TestService,
  candidate: LaunchedCandidate,
  incidents: Array<string | { type: string; recordingOffsetMs?: number }>,
) {
  return clientCall<{ accepted: number; duplicates: number; state: string; authScore: number | null }>(
    service,
    candidate,
    'POST',
    '/v1/client/session/incidents',
    {
      incidents: incidents.map((incident) =>
        typeof incident === 'string' ? clientIncident(incident) : clientIncident(incident.type, incident),
      ),
    },
  );
}

export async function institutionView(service: TestService, candidate: LaunchedCandidate) {
  const now = service.app.clock();
  const id = candidate.session.sessionId;
  const session = await call<Session>(service.baseUrl, 'GET', `/v1/sessions/${id}`, { key: candidate.account, now });
  const incidents = await call<{ incidents: Incident[] }>(service.baseUrl, 'GET', `/v1/sessions/${id}/incidents`, {
    key: candidate.account,
    now,
  });
  return { session: session.body, incidents: incidents.body.incidents };
}

export async function institutionAct(
  service: TestService,
  candidate: LaunchedCandidate,
  action: 'approve' | 'dismiss' | 'close',
  body?: { reason?: string },
) {
  return call<Session>(service.baseUrl, 'POST', `/v1/sessions/${candidate.session.sessionId}/${action}`, {
    key: candidate.account,
    now: service.app.clock(),
    ...(body ? { body } : {}),
  });
}
