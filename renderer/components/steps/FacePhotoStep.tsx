import { useEffect, useRef, useState } from 'react';
import { ENROLMENT_FRAME_COUNT } from '../../../shared/face/face-thresholds';
import {
  CAPTURE_TIMEOUT_MS,
  CHALLENGE_SECONDS,
  captureTimedOut,
  ensureFaceEngine,
  onCaptureFrame,
  onChallengeFrame,
  onVerifyFrame,
  restartFacePhoto,
  retryChallenge,
  showFaceEngineError,
  startChallenge,
  tickChallenge,
} from '../../actions/face-actions';
import { LIVENESS_RULES } from '../../checks/liveness-rules';
import { useFaceLoop } from '../../face/use-face-loop';
import { t } from '../../i18n/messages';
import { useIdentityStore } from '../../stores/identity-store';
import { CameraView } from '../common/CameraView';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useCamera } from './use-camera';
import { useStepOutcome } from './use-step-outcome';

const MAX_CHALLENGE_ATTEMPTS = 3;

/** FACE_PHOTO: guided capture, enrolment from several frames, the institution photo, the head-turn challenge. */
export function FacePhotoStep() {
  const outcome = useStepOutcome('identity', 'FACE_PHOTO');
  const [attempt, setAttempt] = useState(0);
  const { stream, error } = useCamera(attempt);
  const video = useRef<HTMLVideoElement>(null);
  const phase = useIdentityStore((state) => state.facePhase);
  const guidance = useIdentityStore((state) => state.guidance);
  const frames = useIdentityStore((state) => state.enrolmentFrames.length);
  const challenge = useIdentityStore((state) => state.challenge);
  const attempts = useIdentityStore((state) => state.challengeAttempts);
  const liveness = useIdentityStore((state) => state.liveness);
  const engine = useIdentityStore((state) => state.engine);
  const enrolResult = useIdentityStore((state) => state.enrolResult);

  useEffect(() => {
    restartFacePhoto();
  }, [attempt]);

  useEffect(() => {
    if (stream) void ensureFaceEngine(video.current);
  }, [stream]);

  const ready = Boolean(stream) && engine.state === 'ready';

  // Capture has a time limit: without enough good frames, the step fails with the last advice given.
  useEffect(() => {
    if (!ready || phase !== 'capture') return;
    const timer = setTimeout(() => void captureTimedOut(), CAPTURE_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [ready, phase, attempt]);

  // The challenge's clock runs even when frames stop (a frozen camera must not pass by waiting).
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (phase !== 'challenge') return;
    const timer = setInterval(() => {
      setNow(performance.now());
      void tickChallenge();
    }, 250);
    return () => clearInterval(timer);
  }, [phase]);

  useFaceLoop(
    video,
    { mode: 'identity', snapshot: true, enabled: ready && phase === 'capture', onError: showFaceEngineError },
    onCaptureFrame,
  );
  useFaceLoop(
    video,
    { mode: 'pose', enabled: ready && phase === 'challenge', onError: showFaceEngineError },
    onChallengeFrame,
  );
  useFaceLoop(
    video,
    { mode: 'identity', snapshot: true, enabled: ready && phase === 'verifying', onError: showFaceEngineError },
    onVerifyFrame,
  );

  const secondsLeft = challenge
    ? Math.max(0, Math.ceil((LIVENESS_RULES.timeLimitMs - (now - challenge.startedAtMs)) / 1000))
    : CHALLENGE_SECONDS;
  const statusText = (() => {
    if (error) return t(error === 'denied' ? 'cam.denied' : error === 'in-use' ? 'cam.inUse' : 'cam.notFound');
    if (engine.state !== 'ready') return t('face.starting');
    if (phase === 'done')
      return outcome?.verdict === 'passed'
        ? t('face.passed')
        : outcome?.reason
          ? t(outcome.reason, { seconds: CHALLENGE_SECONDS })
          : '';
    if (phase === 'challenge' && guidance) return `${t(guidance)} ${t('liveness.timeLeft', { seconds: secondsLeft })}`;
    if (phase === 'challenge-intro') return t(enrolResult?.referenceMatched ? 'face.enrolledMatched' : 'face.enrolled');
    return guidance ? t(guidance) : t('face.lookAtCamera');
  })();
  const tone =
    phase === 'done'
      ? (outcome?.verdict ?? 'info')
      : guidance === 'face.holdStill' || phase === 'challenge-intro'
        ? 'passed'
        : 'info';
  const livenessFailedOnly = phase === 'done' && liveness?.verdict === 'failed' && attempts < MAX_CHALLENGE_ATTEMPTS;
  const arrow = challenge && phase === 'challenge' ? (challenge.phase === 'turn' ? challenge.side : 'centre') : null;

  return (
    <StepLayout
      title={t('step.FACE_PHOTO')}
      instructions={t('face.instructions')}
      actions={
        <StepActions flow="identity" outcome={outcome}>
          {phase === 'challenge-intro' && (
            <button type="button" className="button button--primary" onClick={() => startChallenge()}>
              {t('liveness.start')}
            </button>
          )}
        </StepActions>
      }
    >
      <div className="media-row">
        <div className="camera-stage">
          <CameraView stream={stream} videoRef={video} label={t('face.previewLabel')} />
          {arrow && <div className={`turn-cue turn-cue--${arrow}`} aria-hidden="true" />}
        </div>
        <div className="media-row__side">
          <StatusLine tone={tone} text={statusText} />
          {(phase === 'capture' || phase === 'enrolling') && (
            <p className="fact">{t('face.progress', { count: frames, total: ENROLMENT_FRAME_COUNT })}</p>
          )}
          {phase === 'challenge-intro' && <p className="hint">{t('liveness.intro')}</p>}
          {phase === 'done' && (
            <RetryPanel
              outcome={outcome}
              params={{ seconds: CHALLENGE_SECONDS }}
              // A failed movement check alone is retried without a new photo, a few times.
              onRetry={livenessFailedOnly ? retryChallenge : () => setAttempt((n) => n + 1)}
            />
          )}
        </div>
      </div>
    </StepLayout>
  );
}
