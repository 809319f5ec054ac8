import { useEffect, useState } from 'react';
import { loadSystemReport, settleStep } from '../../actions/check-actions';
import { evaluateScreenShare, type CaptureResult } from '../../checks/screenshare-rules';
import { t } from '../../i18n/messages';
import { tryScreenCapture } from '../../media/screen-capture';
import { useChecksStore } from '../../stores/checks-store';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useStepOutcome } from './use-step-outcome';

/** SCREENSHARE: display capture works and the number of displays fits the policy. */
export function ScreenShareStep() {
  const outcome = useStepOutcome('system', 'SCREENSHARE');
  const report = useChecksStore((state) => state.systemReport);
  const [capture, setCapture] = useState<CaptureResult>({ status: 'waiting' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!useChecksStore.getState().systemReport) void loadSystemReport();
  }, []);

  const share = async () => {
    setBusy(true);
    const result = await tryScreenCapture();
    setCapture(result);
    setBusy(false);
    // Displays are counted afresh: one may have been plugged in since the last report.
    await loadSystemReport();
    await settleStep(
      'system',
      'SCREENSHARE',
      evaluateScreenShare(result, useChecksStore.getState().systemReport?.displays ?? null),
    );
  };

  const status = busy
    ? t('screen.choose')
    : outcome?.verdict === 'passed'
      ? t('screen.passed')
      : outcome?.reason
        ? t(outcome.reason)
        : t('screen.instructions');

  return (
    <StepLayout
      title={t('step.SCREENSHARE')}
      instructions={t('screen.instructions')}
      actions={
        <StepActions flow="system" outcome={outcome}>
          <button type="button" className="button" onClick={() => void share()} disabled={busy}>
            {capture.status === 'waiting' ? t('screen.share') : t('common.tryAgain')}
          </button>
        </StepActions>
      }
    >
      <StatusLine tone={busy ? 'pending' : (outcome?.verdict ?? 'info')} text={status} />
      {report && (
        <p className="fact">
          {t('screen.displays', { count: report.displays.count, allowed: report.displays.allowed })}
        </p>
      )}
      <RetryPanel outcome={outcome} />
    </StepLayout>
  );
}
