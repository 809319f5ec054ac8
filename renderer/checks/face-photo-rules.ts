/**
 * FACE_PHOTO: which live frames are good enough to enrol from, and what to tell the candidate when
 * one is not. Exactly one face, large and frontal enough (Human's head angles from the mesh), lit and sharp.
 */
import { ENROLMENT_FRAME_COUNT } from '../../shared/face/face-thresholds';
import { averageEmbeddings } from '../../shared/face/embedding-math';
import type { BridgeErrorCode } from '../../shared/ipc/bridge-errors';
import type { FaceObservation, FrameAnalysis } from '../face/face-protocol';
import type { MessageKey } from '../i18n/messages';
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const FACE_PHOTO_RULES = {
  /** Human's face box (with its margin) at least this share of the frame width: ~1/4 at 640 px is 160 px. */
  minFaceWidthFraction: 0.25,
  /** Head angles within these limits count as facing the camera. */
  maxYawDegrees: 15,
  maxPitchDegrees: 20,
  maxRollDegrees: 20,
  /** Mean luminance (0–255) of the face. */
  minFaceLuma: 60,
  maxFaceLuma: 225,
  /** Variance of the Laplacian on a 96×96 face crop: the fixtures' webcam faces score 100–160, a 4 px blur 16. */
  minSharpness: 35,
} as const;

export type FaceFrameAssessment =
  | { good: true; face: FaceObservation & { embedding: number[] }; guidance: 'face.holdStill' }
  | { good: false; face: FaceObservation | null; guidance: MessageKey };

/** The one piece of advice that matters most for this frame, in the order a candidate can fix things. */
export function assessFaceFrame(analysis: FrameAnalysis): FaceFrameAssessment {
  const [face, ...others] = analysis.faces;
  if (!face) return { good: false, face: null, guidance: 'face.noFace' };
  if (others.length > 0) return { good: false, face, guidance: 'face.onlyYou' };
  if (face.box.width < FACE_PHOTO_RULES.minFaceWidthFraction * analysis.width)
    return { good: false, face, guidance: 'face.moveCloser' };
  const angles = face.angles;
  if (
    !angles ||
    Math.abs(angles.yawDegrees) > FACE_PHOTO_RULES.maxYawDegrees ||
    Math.abs(angles.pitchDegrees) > FACE_PHOTO_RULES.maxPitchDegrees ||
    Math.abs(angles.rollDegrees) > FACE_PHOTO_RULES.maxRollDegrees
  ) {
    return { good: false, face, guidance: 'face.faceCamera' };
  }
  if (face.luma < FACE_PHOTO_RULES.minFaceLuma) return { good: false, face, guidance: 'face.moreLight' };
  if (face.luma > FACE_PHOTO_RULES.maxFaceLuma) return { good: false, face, guidance: 'face.lessLight' };
  if (face.sharpness < FACE_PHOTO_RULES.minSharpness) return { good: false, face, guidance: 'face.holdStillBlurry' };
  if (!face.embedding) return { good: false, face, guidance: 'face.faceCamera' };
  return { good: true, face: { ...face, embedding: face.embedding }, guidance: 'face.holdStill' };
}

export interface EnrolmentFrame {
  embedding: number[];
  yawDegrees: number;
  snapshot: Uint8Array<ArrayBuffer>;
}

/** Adds a good frame until enough are collected (the first ones win: they were taken while the candidate held still). */
export function collectEnrolmentFrame(frames: readonly EnrolmentFrame[], frame: EnrolmentFrame): EnrolmentFrame[] {
  return frames.length >= ENROLMENT_FRAME_COUNT ? [...frames] : [...frames, frame];
}

export function enrolmentComplete(frames: readonly EnrolmentFrame[]): boolean {
  return frames.length >= ENROLMENT_FRAME_COUNT;
}

/** The enrolment: the frames' embeddings averaged and rescaled (shared/face/embedding-math). */
export function enrolmentEmbedding(frames: readonly EnrolmentFrame[]): number[] {
  return averageEmbeddings(frames.map((frame) => frame.embedding));
}

/** The candidate's resting head yaw: the median over the enrolment frames, which were all facing the camera. */
export function restingYaw(frames: readonly EnrolmentFrame[]): number {
  const sorted = frames.map((frame) => frame.yawDegrees).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface EnrolmentResult {
  enrolled: boolean;
  usableSnapshots: number;
  referenceSimilarity: number | null;
  referenceMatched: boolean | null;
}

export interface FacePhotoProgress {
  enrolment: EnrolmentResult | null;
  hasFacePhoto: boolean;
  /** The liveness challenge's outcome, once it ran. */
  liveness: CheckOutcome | null;
  /** The service's verdict on the live frames after the challenge. */
  liveVerified: { passed: boolean; agreed: boolean } | null;
}

/**
 * The service keeps a session's first enrolment and refuses another (409 `conflict`): a renderer that
 * restarted during the checks re-enrols against it. The candidate goes on as enrolled; the service
 * compared that first enrolment with the institution's photo (a mismatch was recorded then) and
 * compares the live check that follows with it, so this answer decides nothing.
 */
export function keptEnrolment(error: unknown, usableSnapshots: number): EnrolmentResult | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code !== ('conflict' satisfies BridgeErrorCode)) return null;
  return { enrolled: true, usableSnapshots, referenceSimilarity: null, referenceMatched: true };
}

/** The whole FACE_PHOTO step: enrolled, matching the institution's photo when there is one, alive, verified. */
export function evaluateFacePhoto(progress: FacePhotoProgress): CheckOutcome {
  const { enrolment } = progress;
  if (!enrolment) return pending('face.lookAtCamera');
  const details = {
    usableSnapshots: enrolment.usableSnapshots,
    referenceSimilarity: enrolment.referenceSimilarity,
    referenceMatched: enrolment.referenceMatched,
  };
  if (!enrolment.enrolled) return failed('face.enrolFailed', 'face.fix.retake', details);
  if (progress.hasFacePhoto && enrolment.referenceMatched === false)
    return failed('face.referenceMismatch', 'face.fix.contact', details);
  if (progress.hasFacePhoto && enrolment.referenceMatched === null)
    return failed('face.referenceUnusable', 'face.fix.contact', details);
  if (!progress.liveness || progress.liveness.verdict === 'pending') return pending('liveness.intro', details);
  if (progress.liveness.verdict === 'failed')
    return { ...progress.liveness, details: { ...details, ...progress.liveness.details } };
  const withLiveness = { ...details, ...progress.liveness.details };
  if (!progress.liveVerified) return pending('face.verifying', withLiveness);
  if (!progress.liveVerified.passed)
    return failed('face.liveMismatch', 'face.fix.contact', { ...withLiveness, agreed: progress.liveVerified.agreed });
  return passed(withLiveness);
}
