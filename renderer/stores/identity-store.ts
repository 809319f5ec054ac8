/**
 * The identity check's working state: enrolment frames (kept in memory only, never persisted), the
 * liveness challenge, the ID card match, and what the face engine is doing.
 */
import { create } from 'zustand';
import type { EnrolmentFrame, EnrolmentResult } from '../checks/face-photo-rules';
import { collectEnrolmentFrame, enrolmentComplete, enrolmentEmbedding, restingYaw } from '../checks/face-photo-rules';
import {
  addPoseSample,
  expireChallenge,
  startChallenge,
  type ChallengeState,
  type PoseSample,
  type TurnSide,
} from '../checks/liveness-rules';
import type { CheckOutcome } from '../checks/check-result';
import type { BackendReport } from '../face/face-protocol';
import type { MessageKey } from '../i18n/messages';

export type EngineStatus =
  { state: 'idle' | 'loading' } | { state: 'ready'; backend: BackendReport } | { state: 'failed'; message: string };

/** Where FACE_PHOTO is: taking pictures, enrolling, the movement check, confirming, decided. */
export type FacePhase = 'capture' | 'enrolling' | 'challenge-intro' | 'challenge' | 'verifying' | 'done';
export type CardPhase = 'capture' | 'verifying' | 'done';

export interface VerifiedResult {
  passed: boolean;
  agreed: boolean;
  serverSimilarity: number | null;
}

export interface IdentityState {
  engine: EngineStatus;
  facePhase: FacePhase;
  cardPhase: CardPhase;
  /** The latest advice for the candidate while frames are assessed. */
  guidance: MessageKey | null;
  enrolmentFrames: EnrolmentFrame[];
  enrolment: number[] | null;
  restingYawDegrees: number;
  enrolResult: EnrolmentResult | null;
  challenge: ChallengeState | null;
  challengeAttempts: number;
  liveness: CheckOutcome | null;
  /** Frames taken after the movement check, to confirm the same person is still there. */
  liveFrames: EnrolmentFrame[];
  /** When that confirmation began (performance.now()): it fails without good frames in time. */
  verifyStartedAt: number;
  liveVerified: VerifiedResult | null;
  cardFrames: EnrolmentFrame[];
  /** When the ID card capture began (performance.now()), for its time limit. */
  cardStartedAt: number;
  cardSimilarity: number | null;
  cardVerified: VerifiedResult | null;
  busy: MessageKey | null;
}

export const initialIdentityState: IdentityState = {
  engine: { state: 'idle' },
  facePhase: 'capture',
  cardPhase: 'capture',
  guidance: null,
  enrolmentFrames: [],
  enrolment: null,
  restingYawDegrees: 0,
  enrolResult: null,
  challenge: null,
  challengeAttempts: 0,
  liveness: null,
  liveFrames: [],
  verifyStartedAt: 0,
  liveVerified: null,
  cardFrames: [],
  cardStartedAt: 0,
  cardSimilarity: null,
  cardVerified: null,
  busy: null,
};

export const useIdentityStore = create<IdentityState>()(() => ({ ...initialIdentityState }));

export function setEngineStatus(engine: EngineStatus): void {
  useIdentityStore.setState({ engine });
}

export function setGuidance(guidance: MessageKey | null): void {
  if (useIdentityStore.getState().guidance !== guidance) useIdentityStore.setState({ guidance });
}

export function setFacePhase(facePhase: FacePhase): void {
  useIdentityStore.setState({ facePhase });
}

export function setCardPhase(cardPhase: CardPhase): void {
  useIdentityStore.setState({ cardPhase });
}

export function setBusy(busy: MessageKey | null): void {
  useIdentityStore.setState({ busy });
}

/** Adds a good frame; once enough are in, computes the enrolment and the resting yaw. Returns true when complete. */
export function addEnrolmentFrame(frame: EnrolmentFrame): boolean {
  const frames = collectEnrolmentFrame(useIdentityStore.getState().enrolmentFrames, frame);
  const complete = enrolmentComplete(frames);
  useIdentityStore.setState({
    enrolmentFrames: frames,
    enrolment: complete ? enrolmentEmbedding(frames) : null,
    restingYawDegrees: complete ? restingYaw(frames) : 0,
  });
  return complete;
}

/** Starts FACE_PHOTO over: a new enrolment, a new challenge. */
export function resetFacePhoto(): void {
  const { engine } = useIdentityStore.getState();
  useIdentityStore.setState({ ...initialIdentityState, engine });
}

export function setEnrolResult(enrolResult: EnrolmentResult | null): void {
  useIdentityStore.setState({ enrolResult });
}

export function beginChallenge(side: TurnSide, nowMs: number): void {
  const state = useIdentityStore.getState();
  useIdentityStore.setState({
    challenge: startChallenge(side, state.restingYawDegrees, nowMs),
    challengeAttempts: state.challengeAttempts + 1,
    liveness: null,
  });
}

export function addChallengeSample(sample: PoseSample): ChallengeState | null {
  const { challenge } = useIdentityStore.getState();
  if (!challenge) return null;
  const next = addPoseSample(challenge, sample);
  if (next !== challenge) useIdentityStore.setState({ challenge: next });
  return next;
}

export function expireChallengeAt(nowMs: number): ChallengeState | null {
  const { challenge } = useIdentityStore.getState();
  if (!challenge) return null;
  const next = expireChallenge(challenge, nowMs);
  if (next !== challenge) useIdentityStore.setState({ challenge: next });
  return next;
}

export function setLiveness(liveness: CheckOutcome | null): void {
  useIdentityStore.setState({ liveness });
}

/** After the movement check: the person is confirmed with frames taken from `nowMs` on. */
export function beginLiveVerification(nowMs: number): void {
  useIdentityStore.setState({ liveFrames: [], verifyStartedAt: nowMs, facePhase: 'verifying' });
}

/** Adds a confirmation frame; once `needed` are in, returns them and starts the next batch empty. */
export function addLiveFrame(frame: EnrolmentFrame, needed: number): EnrolmentFrame[] | null {
  const frames = [...useIdentityStore.getState().liveFrames, frame];
  const complete = frames.length >= needed;
  useIdentityStore.setState({ liveFrames: complete ? [] : frames });
  return complete ? frames : null;
}

export function setLiveVerified(liveVerified: VerifiedResult | null): void {
  useIdentityStore.setState({ liveVerified });
}

export function addCardFrame(frame: EnrolmentFrame, needed: number): boolean {
  const frames = [...useIdentityStore.getState().cardFrames, frame].slice(0, needed);
  useIdentityStore.setState({ cardFrames: frames });
  return frames.length >= needed;
}

export function setCardResult(cardSimilarity: number | null, cardVerified: VerifiedResult | null): void {
  useIdentityStore.setState({ cardSimilarity, cardVerified });
}

/** Starts the ID card capture over at `startedAtMs`. */
export function resetCard(startedAtMs: number): void {
  useIdentityStore.setState({
    cardStartedAt: startedAtMs,
    cardFrames: [],
    cardSimilarity: null,
    cardVerified: null,
    guidance: null,
    cardPhase: 'capture',
  });
}
