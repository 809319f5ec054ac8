/** The client side of recording tests: a recordings runtime and port over a temp spool, talking to a test service. */
import { createHash, randomBytes } from 'node:crypto';
import type { EventChannel, EventPayload } from '../../shared/ipc/contract';
import { examPolicySchema, type ExamPolicy } from '../../shared/policy';
import type { Logger } from '../../main/logger';
import { createRecordingIntake, type RecordingIntake } from '../../main/recordings/recording-intake';
import { resumePendingUploads, type RecordingsRuntime } from '../../main/recordings/recordings-runtime';
import type { UploadCredentials } from '../../main/keyring/session-key';
import { createTestSafeStorage } from './recordings-safe-storage';

export interface CapturedLog extends Logger {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export function startTestRuntime(spoolDirectory: string, log: Logger = captureLog()): Promise<RecordingsRuntime> {
  return resumePendingUploads({
    spoolDirectory,
    safeStorage: createTestSafeStorage(),
    platform: 'linux',
    log,
    segmentBytes: 256 * 1024,
    maxPatchBytes: 192 * 1024,
    backoff: { baseMs: 20, maxMs: 200 },
    insufficientStorageDelayMs: 50,
  });
}

export interface TestPort {
  port: RecordingIntake;
  events: { channel: EventChannel; payload: unknown }[];
  incidents: { type: string; details: Record<string, unknown> }[];
}

export function createTestPort(
  runtime: RecordingsRuntime,
  credentials: UploadCredentials,
  options: { policy?: ExamPolicy; freeBytes?: () => Promise<number> } = {},
): TestPort {
  const events: TestPort['events'] = [];
  const incidents: TestPort['incidents'] = [];
  const port = createRecordingIntake(runtime, {
    credentials: () => credentials,
    policy: () => options.policy ?? examPolicySchema.parse({}),
    emit: <E extends EventChannel>(channel: E, payload: EventPayload<E>) => events.push({ channel, payload }),
    reportIncident: (type, details) => void incidents.push({ type, details }),
    log: captureLog(),
    ...(options.freeBytes ? { freeBytes: options.freeBytes } : {}),
    diskCheckIntervalMs: 20,
  });
  return { port, events, incidents };
}

/** Random chunks of the sizes MediaRecorder hands out every few seconds (scaled down). */
export function randomChunks(count: number, size = 100_000): Uint8Array<ArrayBuffer>[] {
  return Array.from({ length: count }, (_, index) => new Uint8Array(randomBytes(size + index * 1013)));
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Records `chunks` through the port the way the renderer does: begin, each chunk acknowledged before the next, end. */
export async function recordThroughPort(
  port: RecordingIntake,
  chunks: Uint8Array<ArrayBuffer>[],
  kind: 'camera' | 'screen' = 'camera',
  options: { end?: boolean } = {},
): Promise<string> {
  const { recordingId } = await port.begin({ kind, mimeType: 'video/webm;codecs=vp8,opus' });
  for (const [sequence, data] of chunks.entries()) await port.chunk({ recordingId, sequence, data });
  if (options.end !== false) await port.end({ recordingId });
  return recordingId;
}
