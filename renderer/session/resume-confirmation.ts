/**
 * "Confirm it's still you" before a resumed exam continues. The enrolment that proctoring compares
 * against lived in the renderer that is gone, so a reload could otherwise swap in someone else: a
 * few good frames (the identity check's own frame rules) go to the service, which compares them with
 * the enrolment it stored; on a pass their average becomes the new proctoring reference.
 */
import { averageEmbeddings } from '../../shared/face/embedding-math';
import { assessFaceFrame, type EnrolmentFrame } from '../checks/face-photo-rules';
import type { FrameAnalysis } from '../face/face-protocol';
import type { MessageKey } from '../i18n/messages';

/** Enough for a stable average, few enough to take a couple of seconds. */
export const CONFIRM_FRAME_COUNT = 3;

export interface ConfirmCapture {
  frames: EnrolmentFrame[];
  /** The advice for the latest frame ("Look at the camera", "Only you in view"…). */
  guidance: MessageKey;
  /** Enough good frames to send. */
  complete: boolean;
}

export const emptyCapture: ConfirmCapture = { frames: [], guidance: 'face.lookAtCamera', complete: false };

/** Adds one analysed frame: kept when it is good and carries a snapshot, ignored once enough are in. */
export function addConfirmFrame(capture: ConfirmCapture, analysis: FrameAnalysis): ConfirmCapture {
  if (capture.complete) return capture;
  const assessment = assessFaceFrame(analysis);
  if (!assessment.good || !analysis.snapshot) return { ...capture, guidance: assessment.guidance };
  const frames = [
    ...capture.frames,
    {
      embedding: assessment.face.embedding,
      yawDegrees: assessment.face.angles?.yawDegrees ?? 0,
      snapshot: analysis.snapshot,
    },
  ];
  return { frames, guidance: assessment.guidance, complete: frames.length >= CONFIRM_FRAME_COUNT };
}

/** The reference proctoring compares with from now on: the frames the service just confirmed, averaged. */
export function confirmedReference(frames: readonly EnrolmentFrame[]): number[] {
  return averageEmbeddings(frames.map((frame) => frame.embedding));
}

/**
 * What the service said, for the candidate. `passed` is the service's own comparison with the stored
 * enrolment (the client had none to compare with); `serverSimilarity` null means it found no single face.
 */
export function confirmFailureReason(result: { passed: boolean; serverSimilarity: number | null }): MessageKey | null {
  if (result.passed) return null;
  return result.serverSimilarity === null ? 'confirm.noFace' : 'confirm.mismatch';
}
