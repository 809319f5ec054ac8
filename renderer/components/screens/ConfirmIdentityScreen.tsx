import { useEffect, useRef } from 'react';
import { onConfirmFrame, retryConfirmation } from '../../actions/confirm-actions';
import { ensureFaceEngine, showFaceEngineError } from '../../actions/face-actions';
import { useFaceLoop } from '../../face/use-face-loop';
import { t } from '../../i18n/messages';
import { CONFIRM_FRAME_COUNT } from '../../session/resume-confirmation';
import { useConfirmStore } from '../../stores/confirm-store';
import { useIdentityStore } from '../../stores/identity-store';
import { CameraView } from '../common/CameraView';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { useCamera } from '../steps/use-camera';

/** Before a resumed exam continues: a short face capture the service compares with the enrolment it stored. */
export function ConfirmIdentityScreen() {
  const { stream, error } = useCamera();
  const video = useRef<HTMLVideoElement>(null);
  const phase = useConfirmStore((state) => state.phase);
  const capture = useConfirmStore((state) => state.capture);
  const failure = useConfirmStore((state) => state.failure);
  const engine = useIdentityStore((state) => state.engine);

  useEffect(() => {
    if (stream) void ensureFaceEngine(video.current);
  }, [stream]);

  const ready = Boolean(stream) && engine.state === 'ready';
  useFaceLoop(
    video,
    { mode: 'identity', snapshot: true, enabled: ready && phase === 'capture', onError: showFaceEngineError },
    onConfirmFrame,
  );

  const statusText = (() => {
    if (error) return t(error === 'denied' ? 'cam.denied' : error === 'in-use' ? 'cam.inUse' : 'cam.notFound');
    if (engine.state !== 'ready') return t('face.starting');
    if (phase === 'verifying') return t('face.verifying');
    if (phase === 'passed') return t('confirm.passed');
    if (phase === 'failed') return t(failure ?? 'confirm.mismatch');
    return t(capture.guidance);
  })();
  const tone =
    phase === 'failed' ? 'failed' : phase === 'passed' || capture.guidance === 'face.holdStill' ? 'passed' : 'info';

  return (
    <div className="single-panel" data-testid="confirm-identity">
      <StepLayout
        title={t('confirm.title')}
        instructions={t('confirm.instructions')}
        actions={
          phase === 'failed' && (
            <button type="button" className="button button--primary" onClick={retryConfirmation}>
              {t('common.tryAgain')}
            </button>
          )
        }
      >
        <div className="media-row">
          <div className="camera-stage">
            <CameraView stream={stream} videoRef={video} label={t('face.previewLabel')} />
          </div>
          <div className="media-row__side">
            <StatusLine tone={tone} text={statusText} />
            {phase === 'capture' && (
              <p className="fact">{t('face.progress', { count: capture.frames.length, total: CONFIRM_FRAME_COUNT })}</p>
            )}
            {phase === 'failed' && <p className="hint">{t('confirm.failedHint')}</p>}
          </div>
        </div>
      </StepLayout>
    </div>
  );
}
