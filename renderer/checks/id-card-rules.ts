/**
 * ID_CARD: the candidate holds an ID card to the camera; the face on the card must be the only face in
 * view, card-sized, sharp and lit, and match the live enrolment. (It proves the card's photo is the
 * candidate's; it cannot prove the object is a genuine card.)
 */
import type { FaceObservation, FrameAnalysis } from '../face/face-protocol';
import type { MessageKey } from '../i18n/messages';
import { failed, passed, pending, type CheckOutcome } from './check-result';
import { FACE_PHOTO_RULES } from './face-photo-rules';

export const ID_CARD_RULES = {
  /** Good card frames averaged before matching. */
  frameCount: 3,
  /** A card photo is small: ~1/8 of the frame width is the least the embedding works with. */
  minFaceWidthFraction: 0.12,
  /**
   * …and never as large as a face at the desk: a card's photo held ~20 cm from a webcam spans 15–25 %
   * of the frame (the fixture card: 21 %), a candidate's own face 30–45 % (the fixture: 39 %). This
   * keeps the live face from standing in for the card; it cannot tell a card from a printed photo.
   */
  maxFaceWidthFraction: 0.3,
} as const;

export type CardFrameAssessment =
  | { good: true; face: FaceObservation & { embedding: number[] }; guidance: 'card.holdStill' }
  | { good: false; guidance: MessageKey };

export function assessCardFrame(analysis: FrameAnalysis): CardFrameAssessment {
  const [face, ...others] = analysis.faces;
  if (!face) return { good: false, guidance: 'card.noFace' };
  if (others.length > 0) return { good: false, guidance: 'card.onlyCard' };
  if (face.box.width < ID_CARD_RULES.minFaceWidthFraction * analysis.width)
    return { good: false, guidance: 'card.closer' };
  if (face.box.width > ID_CARD_RULES.maxFaceWidthFraction * analysis.width)
    return { good: false, guidance: 'card.tooLarge' };
  if (face.luma < FACE_PHOTO_RULES.minFaceLuma) return { good: false, guidance: 'card.moreLight' };
  if (face.luma > FACE_PHOTO_RULES.maxFaceLuma) return { good: false, guidance: 'card.glare' };
  if (face.sharpness < FACE_PHOTO_RULES.minSharpness || !face.embedding)
    return { good: false, guidance: 'card.holdStill' };
  return { good: true, face: { ...face, embedding: face.embedding }, guidance: 'card.holdStill' };
}

export interface IdCardProgress {
  clientSimilarity: number | null;
  threshold: number;
  verified: { passed: boolean; agreed: boolean; serverSimilarity: number | null } | null;
}

export function evaluateIdCard(progress: IdCardProgress): CheckOutcome {
  if (progress.clientSimilarity === null) return pending('card.show');
  const details = {
    clientSimilarity: progress.clientSimilarity,
    threshold: progress.threshold,
    serverSimilarity: progress.verified?.serverSimilarity ?? null,
  };
  if (!progress.verified) return pending('card.verifying', details);
  if (!progress.verified.passed)
    return failed('card.mismatch', 'card.fix.own', { ...details, agreed: progress.verified.agreed });
  return passed(details);
}
