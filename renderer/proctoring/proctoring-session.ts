/**
 * Live proctoring for one exam: the camera (shared with the rest of the renderer), the shared face
 * worker, the rules and the loop. The caller turns incidents into reports.
 */
import type { ExamPolicy } from '../../shared/policy';
import { getFaceEngine } from '../face/face-engine';
import { acquireCamera, releaseCamera } from '../media/camera';
import { ProctoringLoop, type ProctoringLoopOptions, type ProctoringPacing } from './proctoring-loop';
import { ProctoringRules, proctoringThresholds } from './proctoring-rules';

export interface ProctoringSessionOptions {
  policy: ExamPolicy;
  enrolment: number[] | null;
  pacing?: Partial<ProctoringPacing>;
  onIncident: ProctoringLoopOptions['onIncident'];
  onStatus: ProctoringLoopOptions['onStatus'];
  onError?: ProctoringLoopOptions['onError'];
}

export interface ProctoringSession {
  stop(): Promise<void>;
}

export async function startProctoring(options: ProctoringSessionOptions): Promise<ProctoringSession> {
  const stream = await acquireCamera();
  const video = document.createElement('video');
  let loop: ProctoringLoop | null = null;
  try {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    const engine = await getFaceEngine();
    loop = new ProctoringLoop({
      video,
      engine,
      rules: new ProctoringRules(proctoringThresholds(options.policy)),
      enrolment: options.enrolment,
      ...(options.pacing ? { pacing: options.pacing } : {}),
      onIncident: options.onIncident,
      onStatus: options.onStatus,
      ...(options.onError ? { onError: options.onError } : {}),
    });
    loop.start();
  } catch (error) {
    video.srcObject = null;
    releaseCamera();
    throw error;
  }
  const running = loop;
  return {
    async stop() {
      await running.stop();
      video.pause();
      video.srcObject = null;
      releaseCamera();
    },
  };
}
