import { useEffect, useRef, useState } from 'react';
import { settleStep } from '../../actions/check-actions';
import { evaluateRoomCheck, nextDirection, ROOM_CHECK_RULES, type RoomScanState } from '../../checks/room-check-rules';
import { roomScanRecorder } from '../../checks/room-scan-hook';
import { t } from '../../i18n/messages';
import { announce } from '../../stores/announcer-store';
import { CameraView } from '../common/CameraView';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useCamera } from './use-camera';
import { useStepOutcome } from './use-step-outcome';

const TICK_MS = 250;

/** ROOM_CHECK: a guided pan of the room, one direction at a time, recorded; passes once the recording is saved. */
export function RoomCheckStep() {
  const outcome = useStepOutcome('system', 'ROOM_CHECK');
  const { stream, error } = useCamera();
  const video = useRef<HTMLVideoElement>(null);
  const [scan, setScan] = useState<RoomScanState | null>(null);

  useEffect(() => {
    if (error)
      void settleStep('system', 'ROOM_CHECK', {
        verdict: 'failed',
        reason: 'cam.notFound',
        fix: 'cam.fix.connect',
        details: { error },
      });
  }, [error]);

  // While scanning, time is credited to the direction being shown.
  useEffect(() => {
    if (!scan || !nextDirection(scan)) return;
    const timer = setInterval(() => {
      setScan((current) => {
        if (!current) return current;
        const direction = nextDirection(current);
        if (!direction) return current;
        const shown = { ...current.shown, [direction]: (current.shown[direction] ?? 0) + TICK_MS };
        const next = { ...current, shown };
        const following = nextDirection(next);
        if (following !== direction && following) announce(t(`room.show.${following}`));
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [scan]);

  // All directions shown: stop the recorder; the step passes only once the spool has acknowledged it.
  const stopping = useRef(false);
  useEffect(() => {
    if (!scan || nextDirection(scan) || scan.recording !== 'recording' || stopping.current) return;
    const recorder = roomScanRecorder();
    if (!recorder) return;
    stopping.current = true;
    recorder
      .stop()
      .then(({ saved, recordingId, bytes }) =>
        setScan(
          (current) =>
            current && {
              ...current,
              recording: saved ? 'saved' : 'failed',
              recordingId: recordingId ?? null,
              recordedBytes: bytes ?? 0,
            },
        ),
      )
      .catch(() => setScan((current) => current && { ...current, recording: 'failed' }))
      .finally(() => {
        stopping.current = false;
      });
  }, [scan]);

  // Leaving mid-pan (the session ended, the window closed the flow): the partial recording is closed, not left open.
  const scanning = useRef(false);
  useEffect(() => {
    scanning.current = scan?.recording === 'recording';
  }, [scan]);
  useEffect(
    () => () => {
      if (scanning.current && !stopping.current) void roomScanRecorder()?.stop();
    },
    [],
  );

  useEffect(() => {
    if (scan) void settleStep('system', 'ROOM_CHECK', evaluateRoomCheck(scan));
  }, [scan]);

  const start = async () => {
    const recorder = roomScanRecorder();
    let recording: RoomScanState['recording'] = 'unavailable';
    if (recorder && stream) {
      recording = await recorder
        .start(stream)
        .then(() => 'recording' as const)
        .catch(() => 'failed' as const);
    }
    const first: RoomScanState = { shown: {}, recording };
    setScan(first);
    const direction = nextDirection(first);
    if (direction) announce(t(`room.show.${direction}`));
  };

  const direction = scan ? nextDirection(scan) : null;
  const remaining =
    scan && direction ? Math.ceil((ROOM_CHECK_RULES.minMsPerDirection - (scan.shown[direction] ?? 0)) / 1000) : 0;
  const status = !scan
    ? t('room.instructions')
    : direction
      ? `${t(`room.show.${direction}`)} ${t('liveness.timeLeft', { seconds: remaining })}`
      : outcome?.verdict === 'passed'
        ? t('room.passed')
        : outcome?.reason
          ? t(outcome.reason)
          : t('room.saving');

  return (
    <StepLayout
      title={t('step.ROOM_CHECK')}
      instructions={t('room.instructions')}
      actions={
        <StepActions flow="system" outcome={outcome}>
          {(!scan || outcome?.verdict === 'failed') && (
            <button type="button" className="button" onClick={() => void start()} disabled={!stream}>
              {scan ? t('common.tryAgain') : t('room.start')}
            </button>
          )}
        </StepActions>
      }
    >
      <CameraView stream={stream} videoRef={video} label={t('cam.previewLabel')} guide="none" />
      <StatusLine tone={outcome?.verdict ?? 'info'} text={status} />
      <RetryPanel outcome={outcome} />
    </StepLayout>
  );
}
