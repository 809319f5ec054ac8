/** Screen capture for the SCREENSHARE check: start it, read what was shared, stop it again. */
import type { CaptureResult } from '../checks/screenshare-rules';
import { classifyMediaError } from './media-errors';

export async function tryScreenCapture(): Promise<CaptureResult> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  } catch (error) {
    return classifyMediaError(error) === 'denied'
      ? { status: 'denied' }
      : { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
  const surface = (settings as MediaTrackSettings & { displaySurface?: string }).displaySurface ?? null;
  // The recordings work opens its own capture for the exam; this one only proves it works.
  stream.getTracks().forEach((track) => track.stop());
  return { status: 'captured', surface, width: settings.width ?? 0, height: settings.height ?? 0 };
}
