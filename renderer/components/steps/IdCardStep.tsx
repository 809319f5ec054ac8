import { useEffect, useRef } from 'react';
import { ID_CARD_RULES } from '../../checks/id-card-rules';
import { onCardFrame, restartIdCard, showFaceEngineError } from '../../actions/face-actions';
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

/** ID_CARD: the face on the card is found and matched to the live enrolment. */
export function IdCardStep() {
  const outcome = useStepOutcome('identity', 'ID_CARD');
  const { stream } = useCamera();
  const video = useRef<HTMLVideoElement>(null);
  const phase = useIdentityStore((state) => state.cardPhase);
  const guidance = useIdentityStore((state) => state.guidance);
  const frames = useIdentityStore((state) => state.cardFrames.length);
  const engineReady = useIdentityStore((state) => state.engine.state === 'ready');

  useEffect(() => {
    restartIdCard();
  }, []);

  useFaceLoop(
    video,
    {
      mode: 'identity',
      snapshot: true,
      enabled: Boolean(stream) && engineReady && phase === 'capture',
      onError: showFaceEngineError,
    },
    onCardFrame,
  );

  const status =
    phase === 'done'
      ? outcome?.verdict === 'passed'
        ? t('card.passed')
        : outcome?.reason
          ? t(outcome.reason)
          : ''
      : guidance
        ? t(guidance)
        : t('card.show');

  return (
    <StepLayout
      title={t('step.ID_CARD')}
      instructions={t('card.instructions')}
      actions={<StepActions flow="identity" outcome={outcome} />}
    >
      <div className="media-row">
        <CameraView stream={stream} videoRef={video} label={t('cam.previewLabel')} guide="card" />
        <div className="media-row__side">
          <StatusLine tone={phase === 'done' ? (outcome?.verdict ?? 'info') : 'info'} text={status} />
          {phase !== 'done' && (
            <p className="fact">{t('face.progress', { count: frames, total: ID_CARD_RULES.frameCount })}</p>
          )}
          {phase === 'done' && <RetryPanel outcome={outcome} onRetry={restartIdCard} />}
        </div>
      </div>
    </StepLayout>
  );
}
