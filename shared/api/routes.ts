/**
 * The HTTP contract, one entry per endpoint (shared/api/route.ts says what an entry is). The service
 * registers each route from its entry (server/routes/define-route.ts), OpenAPI documents them from
 * it, and the desktop client's ApiClient, TusClient and event stream build their paths and parse
 * their answers from it. A new endpoint is one entry here, then its handler and its caller.
 */
import { z } from 'zod';
import { accountSchema, rotatedWebhookSecretSchema } from './accounts';
import {
  clientSessionSchema,
  faceEnrollRequestSchema,
  faceEnrollResponseSchema,
  heartbeatRequestSchema,
  identityRequestSchema,
  identityResponseSchema,
  launchRequestSchema,
  launchResponseSchema,
  lifecycleRequestSchema,
  NETWORK_PROBE_MAX_BYTES,
  networkProbeResponseSchema,
  postIncidentsRequestSchema,
  postIncidentsResponseSchema,
  sessionEventSchema,
  sessionStatusResponseSchema,
  stepReportSchema,
} from './client';
import {
  acceptInvitationRequestSchema,
  auditLogPageSchema,
  auditLogQuerySchema,
  consoleMeSchema,
  signInRequestSchema,
  STAFF_ROLES,
} from './console';
import { createExamRequestSchema, examSchema } from './exams';
import { CLIENT_RECORDINGS_PATH, RECORDING_MIME_TYPES, recordingListSchema } from './recordings';
import { SIGNED_ERRORS, type ApiRoute, type ContentAnswer } from './route';
import {
  createSessionRequestSchema,
  createSessionResponseSchema,
  incidentListSchema,
  quitPasswordResponseSchema,
  sessionActionRequestSchema,
  sessionSchema,
} from './sessions';
import { putWebhookRequestSchema, webhookConfigSchema } from './webhooks';

const idParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
/** Calls that carry no body (Fastify passes null) or an empty JSON object. */
const emptyBodySchema = z.strictObject({}).nullish();
export const healthResponseSchema = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

const noBody = (description: string): ContentAnswer => ({ description, content: {} });
const html = (description: string): ContentAnswer => ({ description, content: { 'text/html': z.string() } });
const bytes = z.string().meta({ format: 'binary' });

/** request-approval, start and finish: the same call on three paths. */
function lifecycleRoute<Action extends string>(action: Action, operationId: string, summary: string) {
  return {
    method: 'POST',
    path: `/v1/client/session/${action}`,
    signer: 'session',
    operationId,
    summary,
    tags: ['client'],
    body: lifecycleRequestSchema.nullish(),
    responses: { 200: sessionStatusResponseSchema },
    errors: [...SIGNED_ERRORS, 409],
  } as const satisfies ApiRoute;
}

/** approve, dismiss and close: the institution's actions on a session. */
function sessionActionRoute<Action extends string>(action: Action, operationId: string, summary: string) {
  return {
    method: 'POST',
    path: `/v1/sessions/:id/${action}`,
    signer: 'account',
    operationId,
    summary,
    tags: ['institution'],
    params: idParamsSchema,
    body: sessionActionRequestSchema.nullish(),
    responses: { 200: sessionSchema },
    errors: [...SIGNED_ERRORS, 404, 409],
  } as const satisfies ApiRoute;
}

export const apiRoutes = {
  // The service itself.
  health: {
    method: 'GET',
    path: '/healthz',
    signer: 'none',
    operationId: 'health',
    summary: 'Liveness and database reachability',
    tags: ['service'],
    responses: { 200: healthResponseSchema },
    errors: [],
  },

  // Institution: exams, sessions, webhooks, the account (account key).
  createExam: {
    method: 'POST',
    path: '/v1/exams',
    signer: 'account',
    operationId: 'createExam',
    summary: 'Create an exam with its policy',
    tags: ['institution'],
    body: createExamRequestSchema,
    responses: { 201: examSchema },
    errors: [...SIGNED_ERRORS, 413],
  },
  getExam: {
    method: 'GET',
    path: '/v1/exams/:id',
    signer: 'account',
    operationId: 'getExam',
    summary: 'Read an exam',
    tags: ['institution'],
    params: idParamsSchema,
    responses: { 200: examSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  createSession: {
    method: 'POST',
    path: '/v1/exams/:id/sessions',
    signer: 'account',
    operationId: 'createSession',
    summary: 'Create a candidate session and its single-use launch code',
    tags: ['institution'],
    params: idParamsSchema,
    body: createSessionRequestSchema,
    responses: { 201: createSessionResponseSchema },
    errors: [...SIGNED_ERRORS, 404, 413],
  },
  getSession: {
    method: 'GET',
    path: '/v1/sessions/:id',
    signer: 'account',
    operationId: 'getSession',
    summary: 'Read a session: state, auth score and incident counts per severity',
    tags: ['institution'],
    params: idParamsSchema,
    responses: { 200: sessionSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  listSessionIncidents: {
    method: 'GET',
    path: '/v1/sessions/:id/incidents',
    signer: 'account',
    operationId: 'listSessionIncidents',
    summary: "List a session's incidents in the order they happened",
    tags: ['institution'],
    params: idParamsSchema,
    responses: { 200: incidentListSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  getQuitPassword: {
    method: 'GET',
    path: '/v1/sessions/:id/quit-password',
    signer: 'account',
    operationId: 'getQuitPassword',
    summary: "The session's own quit password, for the proctor (the client holds only its verifier, once approved)",
    tags: ['institution'],
    params: idParamsSchema,
    responses: { 200: quitPasswordResponseSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  reissueLaunchCode: {
    method: 'POST',
    path: '/v1/sessions/:id/launch-code',
    signer: 'account',
    operationId: 'reissueLaunchCode',
    summary: 'Issue a new launch code for a session not launched yet (the old code stops working)',
    tags: ['institution'],
    params: idParamsSchema,
    responses: { 201: createSessionResponseSchema },
    errors: [...SIGNED_ERRORS, 404, 409],
  },
  approveSession: sessionActionRoute(
    'approve',
    'approveSession',
    'Approve a session that requested approval (SESSION_APPROVED)',
  ),
  dismissSession: sessionActionRoute('dismiss', 'dismissSession', 'Dismiss an open session (SESSION_DISMISSED)'),
  closeSession: sessionActionRoute('close', 'closeSession', 'Close a session (SESSION_CLOSED)'),
  listRecordings: {
    method: 'GET',
    path: '/v1/sessions/:sessionId/recordings',
    signer: 'account',
    operationId: 'listRecordings',
    summary: "List a session's recordings (camera, screen, room), complete or still uploading",
    tags: ['institution'],
    responses: { 200: recordingListSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  downloadRecording: {
    method: 'GET',
    path: '/v1/sessions/:sessionId/recordings/:recordingId',
    signer: 'account',
    operationId: 'downloadRecording',
    summary: 'Download a recording exactly as uploaded, or with ?seekable=1 the copy with duration and cues',
    description:
      'Honours Range (206 with Content-Range; 416 when unsatisfiable). Always an attachment, never sniffed; the original carries an ETag of its SHA-256. 409 while still uploading or while the seekable copy is not ready.',
    tags: ['institution'],
    responses: {
      200: {
        description: 'The whole recording',
        content: Object.fromEntries([...RECORDING_MIME_TYPES, 'application/octet-stream'].map((type) => [type, bytes])),
      },
      206: { description: 'The requested byte range', content: { 'application/octet-stream': bytes } },
      416: noBody('The range is outside the recording (Content-Range: bytes */size)'),
    },
    errors: [...SIGNED_ERRORS, 404, 409],
  },
  putWebhook: {
    method: 'PUT',
    path: '/v1/webhooks',
    signer: 'account',
    operationId: 'putWebhook',
    summary: 'Set (or with url null, remove) the webhook receiver and its incident-type filter',
    tags: ['institution'],
    body: putWebhookRequestSchema,
    responses: { 200: webhookConfigSchema },
    errors: [...SIGNED_ERRORS],
  },
  getWebhook: {
    method: 'GET',
    path: '/v1/webhooks',
    signer: 'account',
    operationId: 'getWebhook',
    summary: 'Read the webhook configuration',
    tags: ['institution'],
    responses: { 200: webhookConfigSchema },
    errors: [...SIGNED_ERRORS],
  },
  getAccount: {
    method: 'GET',
    path: '/v1/account',
    signer: 'account',
    operationId: 'getAccount',
    summary: 'Read the account: whether SharedKey (V1) is allowed, the webhook URL, when keys were rotated',
    tags: ['institution'],
    responses: { 200: accountSchema },
    errors: [...SIGNED_ERRORS],
  },
  rotateWebhookSecret: {
    method: 'POST',
    path: '/v1/account/webhook-secret',
    signer: 'account',
    operationId: 'rotateWebhookSecret',
    summary: 'Replace the webhook signing secret (whsec_…, shown once); X-Signature uses it from the next attempt',
    tags: ['institution'],
    body: emptyBodySchema,
    responses: { 200: rotatedWebhookSecretSchema },
    errors: [...SIGNED_ERRORS],
  },

  // The candidate's client (session key, but the launch).
  launch: {
    method: 'POST',
    path: '/v1/client/launch',
    signer: 'none',
    operationId: 'launch',
    summary: 'Trade a launch code for the session and its session-scoped key',
    description:
      'The code is single use and expires (410 when used or expired, 404 when unknown). A preview client is refused (403) when the policy disallows it.',
    tags: ['client'],
    body: launchRequestSchema,
    responses: { 200: launchResponseSchema },
    errors: [400, 403, 404, 409, 410, 429],
  },
  getClientSession: {
    method: 'GET',
    path: '/v1/client/session',
    signer: 'session',
    operationId: 'getClientSession',
    summary: 'The session as the client sees it',
    tags: ['client'],
    responses: { 200: clientSessionSchema },
    errors: [...SIGNED_ERRORS, 404],
  },
  reportStep: {
    method: 'POST',
    path: '/v1/client/session/steps',
    signer: 'session',
    operationId: 'reportStep',
    summary: 'Report a system-check or identity-check step (SYSTEM_/IDENTITY_CHECK_STEP_CHANGED)',
    tags: ['client'],
    body: stepReportSchema,
    responses: { 200: sessionStatusResponseSchema },
    errors: [...SIGNED_ERRORS, 409],
  },
  enrollFace: {
    method: 'POST',
    path: '/v1/client/session/face-enroll',
    signer: 'session',
    operationId: 'enrollFace',
    summary: 'Enrol the candidate from live snapshots; compared with the reference photo when there is one',
    tags: ['client'],
    body: faceEnrollRequestSchema,
    responses: { 200: faceEnrollResponseSchema },
    errors: [...SIGNED_ERRORS, 409, 413],
  },
  verifyIdentity: {
    method: 'POST',
    path: '/v1/client/session/identity',
    signer: 'session',
    operationId: 'verifyIdentity',
    summary: 'Submit an identity check; the service recomputes it from the snapshots and records IDENTITY_MISMATCH',
    tags: ['client'],
    body: identityRequestSchema,
    responses: { 200: identityResponseSchema },
    errors: [...SIGNED_ERRORS, 409, 413],
  },
  postIncidents: {
    method: 'POST',
    path: '/v1/client/session/incidents',
    signer: 'session',
    operationId: 'postIncidents',
    summary: 'Report incidents; each clientId is stored once, re-sends count as duplicates',
    tags: ['client'],
    body: postIncidentsRequestSchema,
    responses: { 200: postIncidentsResponseSchema },
    errors: [...SIGNED_ERRORS, 413],
  },
  requestApproval: lifecycleRoute(
    'request-approval',
    'requestApproval',
    'Request approval (SESSION_APPROVAL_REQUESTED; SESSION_APPROVED at once when the policy auto-approves, else pushed on the event stream when the institution approves)',
  ),
  startSession: lifecycleRoute('start', 'startSession', 'Start the exam (SESSION_STARTED); the auth score starts here'),
  finishSession: lifecycleRoute(
    'finish',
    'finishSession',
    'Finish the exam (SESSION_FINISHED with the final authScore and flaggedForReview)',
  ),
  heartbeat: {
    method: 'POST',
    path: '/v1/client/session/heartbeat',
    signer: 'session',
    operationId: 'heartbeat',
    summary: 'Keep the session open (closed automatically after an hour without one); answers with the state',
    tags: ['client'],
    body: heartbeatRequestSchema.nullish(),
    responses: { 200: sessionStatusResponseSchema },
    errors: [...SIGNED_ERRORS],
  },
  sessionEvents: {
    method: 'GET',
    path: '/v1/client/session/events',
    signer: 'session',
    operationId: 'sessionEvents',
    summary:
      'Server-sent events (text/event-stream): `data:` lines of JSON, {type:"state",state,reason} and {type:"auth-score",authScore}; the current score and state first, a comment ping every 15 s; a terminal state ends the stream. Each message has `id:` (its number on the connection, from 1) and `mac:` (X-Vigil-Response-MAC\'s scheme over the data line)',
    tags: ['client'],
    responses: {
      200: {
        description: "The session's events, each `data:` line one of these",
        content: { 'text/event-stream': sessionEventSchema },
      },
    },
    errors: [...SIGNED_ERRORS, 404],
  },
  networkProbe: {
    method: 'POST',
    path: '/v1/client/network-probe',
    signer: 'session',
    operationId: 'networkProbe',
    summary: `Upload-speed probe: any body (application/octet-stream, up to ${NETWORK_PROBE_MAX_BYTES / 1024 / 1024} MiB) is counted and discarded`,
    tags: ['client'],
    responses: { 200: networkProbeResponseSchema },
    errors: [...SIGNED_ERRORS, 413, 415],
  },

  // Recording uploads: tus 1.0 (https://tus.io/protocols/resumable-upload), signed with the session key.
  recordingUploadsOptions: {
    method: 'OPTIONS',
    path: CLIENT_RECORDINGS_PATH,
    signer: 'none',
    operationId: 'recordingUploadsOptions',
    summary: 'tus discovery: the version, extensions (checksum among them) and the checksum algorithms',
    tags: ['client'],
    responses: { 204: noBody('Tus-Version, Tus-Extension, Tus-Checksum-Algorithm, Tus-Max-Size') },
    errors: [],
  },
  createRecordingUpload: {
    method: 'POST',
    path: CLIENT_RECORDINGS_PATH,
    signer: 'session',
    operationId: 'createRecordingUpload',
    summary:
      'Create the upload of one recording: Upload-Metadata (recordingId, sessionId, kind, mimeType, startedAt) and Upload-Length or Upload-Defer-Length',
    description:
      'The upload id is the recordingId, so a client HEADs it first and creates it only on 404; 409 when it exists already.',
    tags: ['client'],
    responses: { 201: noBody('Created; Location is the upload URL') },
    errors: [...SIGNED_ERRORS, 409, 413],
  },
  recordingUploadOptions: {
    method: 'OPTIONS',
    path: `${CLIENT_RECORDINGS_PATH}/:recordingId`,
    signer: 'none',
    operationId: 'recordingUploadOptions',
    summary: 'tus discovery on an upload URL',
    tags: ['client'],
    responses: { 204: noBody('As on the collection') },
    errors: [],
  },
  getRecordingUploadOffset: {
    method: 'HEAD',
    path: `${CLIENT_RECORDINGS_PATH}/:recordingId`,
    signer: 'session',
    operationId: 'getRecordingUploadOffset',
    summary: "An upload's Upload-Offset and Upload-Length, its durable offset and, once whole, its SHA-256",
    tags: ['client'],
    responses: { 200: noBody('Upload-Offset, Upload-Length, Vigil-Durable-Offset, Vigil-Recording-Sha256') },
    errors: [...SIGNED_ERRORS, 404],
  },
  appendRecordingUpload: {
    method: 'PATCH',
    path: `${CLIENT_RECORDINGS_PATH}/:recordingId`,
    signer: 'session',
    operationId: 'appendRecordingUpload',
    summary:
      'Append a chunk (application/offset+octet-stream) at Upload-Offset, with Upload-Checksum: sha256 <base64>; 460 when the body does not match it',
    tags: ['client'],
    responses: {
      204: noBody('Appended: the new Upload-Offset, Vigil-Durable-Offset and, once whole, Vigil-Recording-Sha256'),
    },
    errors: [...SIGNED_ERRORS, 404, 409, 413, 415, 460, 507],
  },

  // The staff console's own routes: a session cookie instead of a signature (docs/service.md, Staff console).
  acceptInvitation: {
    method: 'POST',
    path: '/console/api/invitations/accept',
    signer: 'none',
    operationId: 'acceptInvitation',
    summary: 'Set a password with a one-time invitation token (from `staff create`); signs in',
    tags: ['console'],
    body: acceptInvitationRequestSchema,
    responses: { 200: consoleMeSchema },
    errors: [400, 403, 410],
  },
  consoleSignIn: {
    method: 'POST',
    path: '/console/api/sign-in',
    signer: 'none',
    operationId: 'consoleSignIn',
    summary: 'Sign in with email and password; sets the console session cookie',
    description:
      'The same 401 for an unknown email and a wrong password. After 5 failures within 15 minutes for an email (or from an address), 429 with Retry-After, growing with each further failure; a correct password is refused too until then.',
    tags: ['console'],
    body: signInRequestSchema,
    responses: { 200: consoleMeSchema },
    errors: [400, 401, 403, 429],
  },
  consoleSignOut: {
    method: 'POST',
    path: '/console/api/sign-out',
    signer: 'console',
    roles: STAFF_ROLES,
    operationId: 'consoleSignOut',
    summary: 'End this console session (the cookie stops working everywhere at once)',
    tags: ['console'],
    body: emptyBodySchema,
    responses: { 204: noBody('Signed out; the cookie is cleared') },
    errors: [400, 401, 403],
  },
  consoleMe: {
    method: 'GET',
    path: '/console/api/me',
    signer: 'console',
    roles: STAFF_ROLES,
    operationId: 'consoleMe',
    summary: 'Who is signed in, their roles, and the CSRF token for state-changing requests',
    tags: ['console'],
    responses: { 200: consoleMeSchema },
    errors: [401, 403],
  },
  consoleAuditLog: {
    method: 'GET',
    path: '/console/api/audit-log',
    signer: 'console',
    roles: ['admin'],
    operationId: 'consoleAuditLog',
    summary: "The account's audit log, newest first (admin)",
    tags: ['console'],
    query: auditLogQuerySchema,
    responses: { 200: auditLogPageSchema },
    errors: [400, 401, 403],
  },
  getAuditLog: {
    method: 'GET',
    path: '/v1/audit-log',
    signer: 'account',
    operationId: 'getAuditLog',
    summary: "The account's audit log of staff actions, newest first, with cursor pagination",
    tags: ['institution'],
    query: auditLogQuerySchema,
    responses: { 200: auditLogPageSchema },
    errors: [...SIGNED_ERRORS],
  },

  // The demo exam this service serves as the default startUrl.
  demoExam: {
    method: 'GET',
    path: '/demo-exam',
    signer: 'none',
    operationId: 'demoExam',
    summary: 'The demo exam page',
    tags: ['demo'],
    responses: { 200: html('The page') },
    errors: [],
  },
  demoExamSubmitted: {
    method: 'GET',
    path: '/demo-exam/submitted',
    signer: 'none',
    operationId: 'demoExamSubmitted',
    summary: 'Where the demo exam submits to',
    tags: ['demo'],
    query: z.record(z.string(), z.string().max(100)),
    responses: { 200: html('How many questions were answered') },
    errors: [],
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiRoutes = typeof apiRoutes;
export type ApiRouteName = keyof ApiRoutes;
