/** getUserMedia / getDisplayMedia failures, sorted into what the candidate can do about them. */
export type DeviceError = 'denied' | 'not-found' | 'in-use' | 'failed';

export function classifyMediaError(error: unknown): DeviceError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError')
    return 'not-found';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'in-use';
  return 'failed';
}
