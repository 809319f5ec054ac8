/** Follows the upload's progress: the main process's `upload:progress` events, plus a poll in case an event was missed. */
import type { UploadProgress } from '../../shared/ipc/contract';
import type { RecordingBridge } from './recording-bridge';

export function watchUploadProgress(
  bridge: RecordingBridge,
  onProgress: (progress: UploadProgress) => void,
  pollMs = 2000,
): () => void {
  let stopped = false;
  const unsubscribe = bridge.on('upload:progress', (progress) => {
    if (!stopped) onProgress(progress);
  });
  const poll = () => {
    void bridge
      .invoke('upload:progress')
      .then((progress) => {
        if (!stopped) onProgress(progress);
      })
      .catch(() => undefined);
  };
  poll();
  const timer = setInterval(poll, pollMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  };
}
