/**
 * A minimal page for the Chromium recording test: the real renderer/recording/ over the HTTP
 * bridge (the preview bridge host), with the upload panel rendered as the exam shell would.
 * The test drives it through `window.vigilRecordingHarness`.
 */
import { createRoot } from 'react-dom/client';
import type { UploadProgress } from '../../../shared/ipc/contract';
import type { ExamMode, ExamPolicy } from '../../../shared/policy';
import { createHttpBridge, takeBridgeToken } from '../../../renderer/bridge/http-bridge';
import { startRecording, stopRecording, UploadProgressPanel, watchUploadProgress } from '../../../renderer/recording';

export interface RecordingHarness {
  start(policy: ExamPolicy, mode: ExamMode, timesliceMs: number): Promise<boolean>;
  stop(): Promise<void>;
  progress: UploadProgress | null;
  errors: string[];
}

declare global {
  interface Window {
    vigilRecordingHarness: RecordingHarness;
  }
}

const token = takeBridgeToken(window.location, window.sessionStorage, window.history);
if (!token) throw new Error('no bridge token');
const bridge = createHttpBridge(new URL('/', window.location.href).href, token);
const root = createRoot(document.getElementById('root')!);

const harness: RecordingHarness = {
  // The policy stays in the harness's interface (the Chromium test passes it); capture does not use it.
  start: (_policy, mode, timesliceMs) => startRecording(mode, bridge, { timesliceMs }),
  stop: () => stopRecording(),
  progress: null,
  errors: [],
};
window.vigilRecordingHarness = harness;
window.addEventListener('error', (event) => harness.errors.push(String(event.message)));

watchUploadProgress(
  bridge,
  (progress) => {
    harness.progress = progress;
    root.render(<UploadProgressPanel progress={progress} />);
  },
  500,
);
