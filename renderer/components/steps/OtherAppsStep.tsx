import { useEffect } from 'react';
import { loadSystemReport, settleStep } from '../../actions/check-actions';
import { evaluateOtherApps, prohibitedAppNames } from '../../checks/other-apps-rules';
import { t } from '../../i18n/messages';
import { useChecksStore } from '../../stores/checks-store';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useStepOutcome } from './use-step-outcome';

/** BROWSER_TABS (on the desktop: other apps): prohibited programs that are running, by name, with a re-check. */
export function OtherAppsStep() {
  const outcome = useStepOutcome('system', 'BROWSER_TABS');
  const report = useChecksStore((state) => state.systemReport);
  const loading = useChecksStore((state) => state.systemReportLoading);

  useEffect(() => {
    void loadSystemReport();
  }, []);

  useEffect(() => {
    if (report && !loading) void settleStep('system', 'BROWSER_TABS', evaluateOtherApps(report));
  }, [report, loading]);

  const names = report ? prohibitedAppNames(report) : [];
  const status = loading || !report ? t('apps.checking') : names.length === 0 ? t('apps.none') : t('apps.running');

  return (
    <StepLayout
      title={t('step.BROWSER_TABS')}
      instructions={t('apps.instructions')}
      actions={
        <StepActions flow="system" outcome={loading ? undefined : outcome}>
          <button type="button" className="button" onClick={() => void loadSystemReport()} disabled={loading}>
            {t('common.checkAgain')}
          </button>
        </StepActions>
      }
    >
      <StatusLine tone={loading || !report ? 'pending' : names.length === 0 ? 'passed' : 'failed'} text={status} />
      {names.length > 0 && !loading && (
        <>
          <h2 className="subheading" id="apps-list">
            {t('apps.listLabel')}
          </h2>
          <ul className="app-list" aria-labelledby="apps-list">
            {names.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <RetryPanel outcome={outcome} />
        </>
      )}
    </StepLayout>
  );
}
