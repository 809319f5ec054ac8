/**
 * How an exam page framed by the preview tells the shell it was submitted:
 *   parent.postMessage({ type: 'vigil:exam-status', status: 'submitted' }, '*')
 * (the demo exam's submitted page does). Electron's exam view reads the page's
 * `<meta name="vigil-exam-status" content="submitted">` from the main process instead.
 * Only messages from the exam frame itself and from one of the exam's origins count.
 */
export const EXAM_STATUS_MESSAGE = 'vigil:exam-status';

export type ExamPageStatus = 'in-progress' | 'submitted';

export function examOrigins(startUrl: string, allowedUrls: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const url of [startUrl, ...allowedUrls]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // An allowed-URL pattern that is not a URL adds no origin.
    }
  }
  return origins;
}

export function readExamStatusMessage(
  message: { origin: string; data: unknown; source: unknown },
  frame: unknown,
  origins: ReadonlySet<string>,
): ExamPageStatus | null {
  if (frame === null || message.source !== frame || !origins.has(message.origin)) return null;
  const data = message.data;
  if (!data || typeof data !== 'object') return null;
  const { type, status } = data as { type?: unknown; status?: unknown };
  if (type !== EXAM_STATUS_MESSAGE) return null;
  return status === 'submitted' || status === 'in-progress' ? status : null;
}
