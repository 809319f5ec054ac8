/**
 * The identity check's side effects: starting the face engine, turning analysed frames into
 * enrolment, the head-turn challenge and the ID card match, and sending results (with the JPEG
 * snapshots they were computed from) to the service through `identity:enroll` / `identity:verify`.
 */
import { averageEmbeddings } from '../../shared/face/embedding-math';
import { DEFAULT_FACE_MATCH_THRESHOLD } from '../../shared/face/face-thresholds';
import { bridge } from '../bridge/bridge-access';
import { failed, type CheckOutcome } from '../checks/check-result';
import { assessFaceFrame, evaluateFacePhoto, keptEnrolment, type EnrolmentFrame } from '../checks/face-photo-rules';
import { assessCardFrame, evaluateIdCard, ID_CARD_RULES } from '../checks/id-card-rules';
import { evaluateChallenge, pickSide, LIVENESS_RULES } from '../checks/liveness-rules';
import { getFaceEngine, type FaceEngine } from '../face/face-engine';
import type { FrameAnalysis } from '../face/face-protocol';
import { t } from '../i18n/messages';
import { grabFrame } from '../media/camera';
import { announce } from '../stores/announcer-store';
import { useAppStore } from '../stores/app-store';
import {
  addCardFrame,
  addChallengeSample,
  addEnrolmentFrame,
  addLiveFrame,
  beginChallenge,
  beginLiveVerification,
  expireChallengeAt,
  resetCard,
  resetFacePhoto,
  setCardPhase,
  setCardResult,
  setEngineStatus,
  setEnrolResult,
  setFacePhase,
  setGuidance,
  setLiveness,
  setLiveVerified,
  useIdentityStore,
} from '../stores/identity-store';
import { settleStep } from './check-actions';
import { showCallError, showError } from './ui-errors';

/** Frames taken after the movement check to confirm the same person is still there. */
const LIVE_VERIFY_FRAMES = 3;
/** Without enough good frames in this time, the step fails with the advice that applied most recently. */
export const CAPTURE_TIMEOUT_MS = 20_000;

export async function ensureFaceEngine(video: HTMLVideoElement | null): Promise<FaceEngine | null> {
  const status = useIdentityStore.getState().engine;
  if (status.state !== 'ready') setEngineStatus({ state: 'loading' });
  try {
    const engine = await getFaceEngine({ warmupFrame: video ? () => grabFrame(video) : undefined });
    setEngineStatus({ state: 'ready', backend: engine.backend });
    if (engine.backend.fellBack) {
      showError({
        key: 'error.faceFallback',
        params: { backend: engine.backend.actual, requested: engine.backend.requested },
      });
    }
    return engine;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    setEngineStatus({ state: 'failed', message });
    showError({ key: 'error.faceEngine', params: { message } });
    return null;
  }
}

/** The face loop of a step stopped on an error: the candidate sees the engine's failure. */
export function showFaceEngineError(cause: unknown): void {
  showError({ key: 'error.faceEngine', params: { message: String(cause) } });
}

function policy() {
  const session = useAppStore.getState().session;
  return {
    threshold: session?.policy.faceMatchThreshold ?? DEFAULT_FACE_MATCH_THRESHOLD,
    hasFacePhoto: session?.candidate.hasFacePhoto ?? false,
  };
}

function settleFacePhoto(override?: CheckOutcome): Promise<void> {
  const state = useIdentityStore.getState();
  const outcome =
    override ??
    evaluateFacePhoto({
      enrolment: state.enrolResult,
      hasFacePhoto: policy().hasFacePhoto,
      liveness: state.liveness,
      liveVerified: state.liveVerified,
    });
  return settleStep('identity', 'FACE_PHOTO', outcome);
}

function toFrame(analysis: FrameAnalysis, embedding: number[], yawDegrees: number): EnrolmentFrame | null {
  return analysis.snapshot ? { embedding, yawDegrees, snapshot: analysis.snapshot } : null;
}

// ---- FACE_PHOTO: capture and enrolment ----

export function restartFacePhoto(): void {
  resetFacePhoto();
  setGuidance('face.lookAtCamera');
  void settleStep('identity', 'FACE_PHOTO', {
    verdict: 'pending',
    reason: 'face.lookAtCamera',
    fix: null,
    details: {},
  });
}

export async function onCaptureFrame(analysis: FrameAnalysis): Promise<void> {
  if (useIdentityStore.getState().facePhase !== 'capture') return;
  const assessment = assessFaceFrame(analysis);
  setGuidance(assessment.guidance);
  if (!assessment.good) return;
  const frame = toFrame(analysis, assessment.face.embedding, assessment.face.angles?.yawDegrees ?? 0);
  if (frame && addEnrolmentFrame(frame)) await enrol();
}

/** No enrolment in time: fail with the advice the candidate was last given (e.g. "only you in view"). */
export async function captureTimedOut(): Promise<void> {
  const state = useIdentityStore.getState();
  if (state.facePhase !== 'capture') return;
  setFacePhase('done');
  const reason = state.guidance && state.guidance !== 'face.holdStill' ? state.guidance : 'face.lookAtCamera';
  await settleFacePhoto(failed(reason, 'face.fix.retake', { goodFrames: state.enrolmentFrames.length }));
}

async function enrol(): Promise<void> {
  setFacePhase('enrolling');
  setGuidance('face.enrolling');
  const frames = useIdentityStore.getState().enrolmentFrames;
  try {
    const result = await bridge()
      .invoke('identity:enroll', { snapshots: frames.map((frame) => frame.snapshot) })
      .catch((error: unknown) => {
        const kept = keptEnrolment(error, frames.length);
        if (!kept) throw error;
        return kept;
      });
    setEnrolResult(result);
    const decided = evaluateFacePhoto({
      enrolment: result,
      hasFacePhoto: policy().hasFacePhoto,
      liveness: null,
      liveVerified: null,
    });
    const refused = decided.verdict === 'failed';
    setFacePhase(refused ? 'done' : 'challenge-intro');
    setGuidance(refused ? null : 'liveness.intro');
    await settleFacePhoto();
  } catch (error) {
    setFacePhase('done');
    await showCallError(error);
    await settleFacePhoto(failed('face.enrolFailed', 'face.fix.retake'));
  }
}

// ---- FACE_PHOTO: the head-turn challenge ----

/** Back to the challenge's introduction after a failed movement check; the enrolment is kept. */
export function retryChallenge(): void {
  setFacePhase('challenge-intro');
}

export function startChallenge(random: () => number = Math.random): void {
  const side = pickSide(random);
  beginChallenge(side, performance.now());
  setLiveness(null);
  setLiveVerified(null);
  setFacePhase('challenge');
  const instruction = evaluateChallenge(useIdentityStore.getState().challenge).reason;
  if (instruction) announce(t(instruction));
  void settleFacePhoto();
}

export async function onChallengeFrame(analysis: FrameAnalysis): Promise<void> {
  if (useIdentityStore.getState().facePhase !== 'challenge') return;
  const only = analysis.faces.length === 1 ? analysis.faces[0] : undefined;
  const state = addChallengeSample({
    atMs: performance.now(),
    faceCount: analysis.faces.length,
    yawDegrees: only?.angles?.yawDegrees ?? null,
  });
  await afterChallengeUpdate(state);
}

/** Called on a timer too, so a frozen camera cannot hold the challenge open. */
export async function tickChallenge(): Promise<void> {
  if (useIdentityStore.getState().facePhase !== 'challenge') return;
  await afterChallengeUpdate(expireChallengeAt(performance.now()));
}

async function afterChallengeUpdate(state: ReturnType<typeof expireChallengeAt>): Promise<void> {
  if (!state) return;
  const outcome = evaluateChallenge(state);
  if (outcome.verdict === 'pending') {
    setGuidance(outcome.reason);
    return;
  }
  setLiveness(outcome);
  setGuidance(outcome.verdict === 'passed' ? 'face.verifying' : outcome.reason);
  announce(
    t(outcome.verdict === 'passed' ? 'liveness.passed' : (outcome.reason ?? 'liveness.noTurn')),
    outcome.verdict === 'passed' ? 'status' : 'alert',
  );
  // Either way the service hears about it, with live frames taken now.
  beginLiveVerification(performance.now());
}

// ---- FACE_PHOTO: confirming the person after the challenge ----

export async function onVerifyFrame(analysis: FrameAnalysis): Promise<void> {
  const { facePhase, verifyStartedAt } = useIdentityStore.getState();
  if (facePhase !== 'verifying') return;
  const assessment = assessFaceFrame(analysis);
  if (!assessment.good) {
    if (performance.now() - verifyStartedAt > CAPTURE_TIMEOUT_MS) {
      setFacePhase('done');
      await settleFacePhoto(failed(assessment.guidance, 'face.fix.retake'));
    }
    return;
  }
  const frame = toFrame(analysis, assessment.face.embedding, 0);
  const frames = frame ? addLiveFrame(frame, LIVE_VERIFY_FRAMES) : null;
  if (frames) await verifyLive(frames);
}

async function verifyLive(frames: EnrolmentFrame[]): Promise<void> {
  const state = useIdentityStore.getState();
  const liveness = state.liveness;
  const engine = await getFaceEngine();
  try {
    if (!state.enrolment || !liveness) throw new Error('The enrolment is missing');
    const [similarity = 0] = await engine.similarity(averageEmbeddings(frames.map((frame) => frame.embedding)), [
      state.enrolment,
    ]);
    const { threshold } = policy();
    const result = await bridge().invoke('identity:verify', {
      kind: 'live',
      snapshots: frames.map((frame) => frame.snapshot),
      clientSimilarity: similarity,
      clientPassed: similarity >= threshold,
      liveness: {
        challenge: liveness.details.challenge === 'turn-left' ? 'turn-left' : 'turn-right',
        passed: liveness.verdict === 'passed',
        peakYawDegrees: Number(liveness.details.peakYawDegrees ?? 0),
      },
    });
    setLiveVerified({ passed: result.passed, agreed: result.agreed, serverSimilarity: result.serverSimilarity });
    setFacePhase('done');
    await settleFacePhoto();
  } catch (error) {
    setFacePhase('done');
    await showCallError(error);
    await settleFacePhoto(failed('face.liveMismatch', 'face.fix.contact'));
  }
}

// ---- ID_CARD ----

export function restartIdCard(): void {
  resetCard(performance.now());
  void settleStep('identity', 'ID_CARD', { verdict: 'pending', reason: 'card.show', fix: null, details: {} });
}

export async function onCardFrame(analysis: FrameAnalysis): Promise<void> {
  const { cardPhase, cardStartedAt } = useIdentityStore.getState();
  if (cardPhase !== 'capture') return;
  const assessment = assessCardFrame(analysis);
  setGuidance(assessment.guidance);
  if (!assessment.good) {
    if (performance.now() - cardStartedAt > CAPTURE_TIMEOUT_MS) {
      setCardPhase('done');
      await settleStep('identity', 'ID_CARD', failed(assessment.guidance, 'card.fix.own'));
    }
    return;
  }
  const frame = toFrame(analysis, assessment.face.embedding, 0);
  if (frame && addCardFrame(frame, ID_CARD_RULES.frameCount)) await verifyCard();
}

async function verifyCard(): Promise<void> {
  setCardPhase('verifying');
  setGuidance('card.verifying');
  const state = useIdentityStore.getState();
  const { threshold } = policy();
  try {
    if (!state.enrolment) throw new Error('The enrolment is missing');
    const engine = await getFaceEngine();
    const [similarity = 0] = await engine.similarity(
      averageEmbeddings(state.cardFrames.map((frame) => frame.embedding)),
      [state.enrolment],
    );
    setCardResult(similarity, null);
    await settleStep(
      'identity',
      'ID_CARD',
      evaluateIdCard({ clientSimilarity: similarity, threshold, verified: null }),
    );
    const result = await bridge().invoke('identity:verify', {
      kind: 'id_card',
      snapshots: state.cardFrames.map((frame) => frame.snapshot),
      clientSimilarity: similarity,
      clientPassed: similarity >= threshold,
    });
    const verified = { passed: result.passed, agreed: result.agreed, serverSimilarity: result.serverSimilarity };
    setCardResult(similarity, verified);
    setCardPhase('done');
    await settleStep('identity', 'ID_CARD', evaluateIdCard({ clientSimilarity: similarity, threshold, verified }));
  } catch (error) {
    setCardPhase('done');
    await showCallError(error);
    await settleStep('identity', 'ID_CARD', failed('card.mismatch', 'card.fix.own'));
  }
}

/** For the step screens: the challenge's time limit in whole seconds. */
export const CHALLENGE_SECONDS = Math.round(LIVENESS_RULES.timeLimitMs / 1000);
