/**
 * The IPC contract between the main process and the renderer, declared once.
 * `invoke` channels are request → response; `events` flow main → renderer.
 * The renderer never receives a secret, a file path or a raw Node object.
 */
import { z } from 'zod';
import {
  candidateSchema,
  launchExamSchema,
  identityRequestSchema,
  identityResponseSchema,
  faceEnrollResponseSchema,
  stepReportSchema,
  sessionStatusResponseSchema,
} from '../api/client';
import { recordingKindSchema } from '../api/recordings';
import { clientIncidentTypeSchema } from '../incidents';
import { examPolicySchema } from '../policy';
import { sessionStateSchema } from '../session-states';

const bytes = z.instanceof(Uint8Array);
const empty = z.undefined();

export const appInfoSchema = z.object({
  version: z.string(),
  /** Not locked down: the renderer runs in a plain browser. */
  preview: z.boolean(),
  /** A testing centre's managed configuration is in force. */
  managed: z.boolean(),
  platform: z.string(),
  /** The launch code from a `vigil://launch/<code>` deep link, if the app was opened by one. */
  pendingLaunchCode: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const sessionSummarySchema = z.object({
  sessionId: z.string(),
  state: sessionStateSchema,
  exam: launchExamSchema,
  policy: examPolicySchema,
  candidate: candidateSchema,
  preview: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const processInfoSchema = z.object({ name: z.string(), pid: z.number().int() });
export const systemReportSchema = z.object({
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  virtualMachine: z.object({ detected: z.boolean(), reasons: z.array(z.string()), allowed: z.boolean() }),
  prohibitedProcesses: z.array(processInfoSchema),
  displays: z.object({ count: z.number().int(), allowed: z.number().int() }),
  disk: z.object({ freeBytes: z.number(), requiredBytes: z.number() }),
  network: z.object({
    latencyMs: z.number().nullable(),
    uploadBytesPerSecond: z.number().nullable(),
    online: z.boolean(),
  }),
});
export type SystemReport = z.infer<typeof systemReportSchema>;

export const uploadProgressSchema = z.object({
  totalBytes: z.number(),
  uploadedBytes: z.number(),
  bytesPerSecond: z.number(),
  /** Seconds left at the current rate; null when unknown. */
  secondsLeft: z.number().nullable(),
  done: z.boolean(),
  online: z.boolean(),
});
export type UploadProgress = z.infer<typeof uploadProgressSchema>;

/**
 * What the session:* channels answer: the service's status (with its exam clock, startedAt/endsAt)
 * plus the main process's measure of the service's clock, so the renderer never relies on the
 * candidate's clock for the time left.
 */
export const sessionStatusSchema = sessionStatusResponseSchema.extend({
  /** The service's clock minus this computer's, in ms (main/core/service-clock.ts): service now = Date.now() + this. */
  clockOffsetMs: z.number().optional(),
});
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/**
 * What a renderer that (re)starts learns about a session the main process already holds: the
 * session itself and the service's status (state, exam clock, our measure of its clock). The
 * main process keeps the session key; a reloaded renderer never sees it.
 */
export const currentSessionSchema = z.object({ session: sessionSummarySchema, status: sessionStatusSchema });
export type CurrentSession = z.infer<typeof currentSessionSchema>;

export const ipcInvokeContract = {
  'app:info': { request: empty, response: appInfoSchema },
  'session:launch': {
    request: z.strictObject({ launchCode: z.string().trim().min(1).max(256) }),
    response: sessionSummarySchema,
  },
  'session:status': { request: empty, response: sessionStatusSchema },
  /**
   * The session the main process holds, or null before any launch. Answers only once a session kept
   * for crash recovery has been resumed (or found unusable), so a renderer loaded early never sees
   * "no session" for an exam that is in fact running. Asked once at start-up: a recording a previous
   * renderer left open is closed here (its acknowledged chunks stay and upload).
   */
  'session:current': { request: empty, response: currentSessionSchema.nullable() },
  'session:request-approval': { request: empty, response: sessionStatusSchema },
  'session:start': { request: empty, response: sessionStatusSchema },
  'session:finish': { request: empty, response: sessionStatusSchema },
  'checks:report-step': { request: stepReportSchema, response: z.object({ ok: z.literal(true) }) },
  'system:check': { request: empty, response: systemReportSchema },
  'identity:enroll': {
    request: z.strictObject({ snapshots: z.array(bytes).min(1).max(8) }),
    response: faceEnrollResponseSchema,
  },
  'identity:verify': {
    request: identityRequestSchema.omit({ snapshots: true }).extend({ snapshots: z.array(bytes).min(1).max(8) }),
    response: identityResponseSchema,
  },
  'incident:report': {
    request: z.strictObject({
      type: clientIncidentTypeSchema,
      details: z.record(z.string(), z.unknown()).default({}),
      recordingOffsetMs: z.number().int().min(0).optional(),
    }),
    response: z.object({ queued: z.boolean() }),
  },
  'recording:begin': {
    request: z.strictObject({ kind: recordingKindSchema, mimeType: z.string().max(100) }),
    response: z.object({ recordingId: z.string() }),
  },
  /** Resolves only after the chunk is on disk (fsynced) and journaled. */
  'recording:chunk': {
    request: z.strictObject({ recordingId: z.string(), sequence: z.number().int().min(0), data: bytes }),
    response: z.object({ sequence: z.number().int(), spooledBytes: z.number() }),
  },
  'recording:end': {
    request: z.strictObject({ recordingId: z.string() }),
    response: z.object({ ok: z.literal(true) }),
  },
  'upload:progress': { request: empty, response: uploadProgressSchema },
  'exam:open': { request: empty, response: z.object({ ok: z.literal(true) }) },
  'exam:close': { request: empty, response: z.object({ ok: z.literal(true) }) },
  'lockdown:quit': {
    request: z.strictObject({ password: z.string().max(256) }),
    response: z.object({ ok: z.boolean() }),
  },
} as const;

export const ipcEventContract = {
  /** Pushed from the service's event stream: state changes, auth score. */
  'session:event': z.discriminatedUnion('type', [
    z.object({ type: z.literal('state'), state: sessionStateSchema, reason: z.string().nullable() }),
    z.object({ type: z.literal('auth-score'), authScore: z.number() }),
  ]),
  /** A lockdown incident raised in the main process (for the status bar). */
  'lockdown:incident': z.object({ type: clientIncidentTypeSchema, message: z.string() }),
  'upload:progress': uploadProgressSchema,
  'disk:low': z.object({ freeBytes: z.number(), thresholdBytes: z.number() }),
  'network:status': z.object({ online: z.boolean() }),
  /**
   * The exam page's own status after each of its navigations (Electron's exam view reads the page's
   * `<meta name="vigil-exam-status">`): `submitted` ends the exam. The preview's iframe posts it instead.
   */
  'exam:page': z.object({ status: z.enum(['in-progress', 'submitted']), url: z.string() }),
  /** A `vigil://launch/<code>` link opened while the app was already running (second instance, macOS open-url). */
  'app:launch-code': z.object({ launchCode: z.string() }),
} as const;

export type InvokeChannel = keyof typeof ipcInvokeContract;
export type EventChannel = keyof typeof ipcEventContract;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof ipcInvokeContract)[C]['request']>;
export type InvokeRequestParsed<C extends InvokeChannel> = z.output<(typeof ipcInvokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof ipcInvokeContract)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof ipcEventContract)[E]>;

export const INVOKE_CHANNELS = Object.keys(ipcInvokeContract) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(ipcEventContract) as EventChannel[];

export { ipcErrorSchema, type IpcError } from './bridge-errors';
