import { useEffect, useRef, useState } from 'react';
import { settleStep } from '../../actions/check-actions';
import { ensureFaceEngine } from '../../actions/face-actions';
import { evaluateWebcam, measuredFrameRate, type WebcamObservation } from '../../checks/webcam-rules';
import type { FrameAnalysis } from '../../face/face-protocol';
import { useFaceLoop } from '../../face/use-face-loop';
import { t } from '../../i18n/messages';
import { cameraSettings } from '../../media/camera';
import { useIdentityStore } from '../../stores/identity-store';
import { CameraView } from '../common/CameraView';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useCamera } from './use-camera';
import { useStepOutcome } from './use-step-outcome';

/** How long the camera has to show everything at once before the step fails with what is still wrong. */
const MEASURE_MS = 15_000;

/** WEB_CAM: camera found, resolution and frame rate, enough light, a face in view. */
export function WebcamStep() {
  const outcome = useStepOutcome('system', 'WEB_CAM');
  const [attempt, setAttempt] = useState(0);
  const { stream, error } = useCamera(attempt);
  const video = useRef<HTMLVideoElement>(null);
  const engineReady = useIdentityStore((state) => state.engine.state === 'ready');
  const [observation, setObservation] = useState<WebcamObservation | null>(null);
  const frameTimes = useRef<number[]>([]);
  const startedAt = useRef<number | null>(null);
  const decided = outcome !== undefined && outcome.verdict !== 'pending';

  useEffect(() => {
    if (error) void settleStep('system', 'WEB_CAM', evaluateWebcam(null, error));
  }, [error]);

  useEffect(() => {
    if (stream) void ensureFaceEngine(video.current);
  }, [stream]);

  // Frames actually delivered, counted per decoded video frame.
  useEffect(() => {
    const element = video.current;
    if (!stream || !element || !('requestVideoFrameCallback' in element)) return;
    let handle = 0;
    const onFrame = (now: number) => {
      frameTimes.current = [...frameTimes.current.slice(-59), now];
      handle = element.requestVideoFrameCallback(onFrame);
    };
    handle = element.requestVideoFrameCallback(onFrame);
    return () => element.cancelVideoFrameCallback(handle);
  }, [stream]);

  const onAnalysis = async (analysis: FrameAnalysis) => {
    if (!stream) return;
    const settings = cameraSettings(stream);
    const next: WebcamObservation = {
      width: settings.width,
      height: settings.height,
      frameRate: measuredFrameRate(frameTimes.current) ?? settings.frameRate,
      frameLuma: analysis.frameLuma,
      faceCount: analysis.faces.length,
    };
    setObservation(next);
    const result = evaluateWebcam(next, null);
    startedAt.current ??= performance.now();
    const timeUp = performance.now() - startedAt.current > MEASURE_MS;
    if (result.verdict === 'passed' || (result.verdict === 'failed' && timeUp))
      await settleStep('system', 'WEB_CAM', result);
    else await settleStep('system', 'WEB_CAM', { ...result, verdict: 'pending' });
  };

  useFaceLoop(
    video,
    { mode: 'presence', enabled: Boolean(stream) && engineReady && !decided, minIntervalMs: 200 },
    onAnalysis,
  );

  const retry = () => {
    startedAt.current = null;
    frameTimes.current = [];
    setObservation(null);
    setAttempt((n) => n + 1);
    void settleStep('system', 'WEB_CAM', evaluateWebcam(null, null));
  };

  const status =
    outcome?.verdict === 'passed'
      ? t('cam.passed')
      : outcome?.reason
        ? t(outcome.reason)
        : engineReady
          ? t('cam.measuring')
          : t('cam.starting');
  const value = (known: boolean, text: string) => (known ? text : t('cam.value.unknown'));

  return (
    <StepLayout
      title={t('step.WEB_CAM')}
      instructions={t('cam.instructions')}
      actions={<StepActions flow="system" outcome={outcome} />}
    >
      <div className="media-row">
        <CameraView stream={stream} videoRef={video} label={t('cam.previewLabel')} />
        <dl className="facts">
          <dt>{t('cam.resolution')}</dt>
          <dd>
            {value(
              Boolean(observation),
              t('cam.value.resolution', { width: observation?.width ?? 0, height: observation?.height ?? 0 }),
            )}
          </dd>
          <dt>{t('cam.frameRate')}</dt>
          <dd>
            {value(
              observation?.frameRate != null,
              t('cam.value.frameRate', { fps: Math.round(observation?.frameRate ?? 0) }),
            )}
          </dd>
          <dt>{t('cam.light')}</dt>
          <dd>
            {value(
              observation?.frameLuma != null,
              t('cam.value.light', { luma: Math.round(observation?.frameLuma ?? 0) }),
            )}
          </dd>
          <dt>{t('cam.face')}</dt>
          <dd>{value(observation?.faceCount != null, t('cam.value.faces', { count: observation?.faceCount ?? 0 }))}</dd>
        </dl>
      </div>
      <StatusLine tone={outcome?.verdict ?? 'pending'} text={status} />
      <RetryPanel outcome={outcome} onRetry={retry} />
    </StepLayout>
  );
}
