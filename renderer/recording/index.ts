/**
 * Recording for the exam shell: `startRecording(mode, bridge)` when the exam starts,
 * `stopRecording()` when it ends, then `watchUploadProgress` feeding <UploadProgressPanel>.
 * Nothing is recorded in `events-only` mode. The room check's recording is `RoomScanRecording`,
 * registered at start-up (renderer/actions/app-actions.ts).
 */
import type { ExamMode } from '../../shared/policy';
import { recordsMedia } from '../../shared/policy';
import { useRecordingStore } from '../stores/recording-store';
import { CaptureSession, type CaptureOptions } from './capture-session';
import type { RecordingBridge } from './recording-bridge';

export type { RecordingBridge } from './recording-bridge';
export type { CaptureOptions, CaptureStatus } from './capture-session';
export { UploadProgressPanel } from './UploadProgressPanel';
export { watchUploadProgress } from './upload-progress-watch';
export { RoomScanRecording, type RoomScanRecordingOptions } from './room-scan-recording';

/**
 * Starts the camera+microphone and screen recordings for the exam. Resolves once both record
 * (false when the mode records nothing). A second call while recording does nothing.
 */
export async function startRecording(
  mode: ExamMode,
  bridge: RecordingBridge,
  options: CaptureOptions = {},
): Promise<boolean> {
  if (!recordsMedia(mode)) return false;
  if (useRecordingStore.getState().capture) return true;
  const session = new CaptureSession(bridge, options);
  useRecordingStore.setState({ capture: session });
  try {
    await session.start();
  } catch (error) {
    useRecordingStore.setState({ capture: null });
    await session.stop();
    throw error;
  }
  return true;
}

/** Stops recording; resolves once the last chunks are on disk and the recordings are closed. */
export async function stopRecording(): Promise<void> {
  const session = useRecordingStore.getState().capture;
  useRecordingStore.setState({ capture: null });
  await session?.stop();
}
