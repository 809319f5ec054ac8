import { useEffect, useMemo } from 'react';
import { recordsMedia } from '../../../shared/policy';
import type { CheckFlow } from '../../../shared/steps';
import { finishFlow, loadSystemReport, proceedAfterFinish, retryFlow } from '../../actions/check-actions';
import { CHALLENGE_SECONDS } from '../../actions/face-actions';
import { evaluateComputer } from '../../checks/computer-rules';
import { summarise, type SummaryRow } from '../../checks/finish-summary';
import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';
import { useChecksStore } from '../../stores/checks-store';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';

/** FINISH: every check with its result, what failed and how to fix it. */
export function FinishStep({ flow }: { flow: CheckFlow }) {
  const flowState = useChecksStore((state) => state.flows[flow]);
  const report = useChecksStore((state) => state.systemReport);
  const loading = useChecksStore((state) => state.systemReportLoading);
  const session = useAppStore((state) => state.session);

  // The computer's numbers (network above all) are measured again for the summary.
  useEffect(() => {
    if (flow === 'system') void loadSystemReport();
  }, [flow]);

  useEffect(() => {
    if (flow === 'identity' || (report && !loading)) void finishFlow(flow);
  }, [flow, report, loading]);

  const summary = useMemo(() => {
    if (!flowState || !session) return null;
    const computer = flow === 'system' && report ? evaluateComputer(report, recordsMedia(session.exam.mode)) : [];
    return summarise(flow, flowState.plan, flowState.outcomes, computer);
  }, [flow, flowState, report, session]);

  if (!summary) return null;
  const waiting = flow === 'system' && (loading || !report);
  const stepRows = summary.rows.filter((row) => !['os', 'vm', 'disk', 'network'].includes(row.id));
  const computerRows = summary.rows.filter((row) => ['os', 'vm', 'disk', 'network'].includes(row.id));

  return (
    <StepLayout
      title={t(flow === 'system' ? 'finish.title.system' : 'finish.title.identity')}
      actions={
        summary.allPassed ? (
          <button
            type="button"
            className="button button--primary"
            disabled={waiting}
            onClick={() => void proceedAfterFinish(flow)}
          >
            {flow === 'system' ? t('finish.toIdentity') : t('finish.done')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={waiting}
            onClick={() => void retryFlow(flow)}
          >
            {t('finish.runAgain')}
          </button>
        )
      }
    >
      <StatusLine
        tone={waiting ? 'pending' : summary.allPassed ? 'passed' : 'failed'}
        text={
          waiting
            ? t('verdict.pending')
            : summary.allPassed
              ? t('finish.allPassed')
              : t('finish.someFailed', { count: summary.failedCount, total: summary.rows.length })
        }
      />
      <SummaryTable caption={t('finish.checksTable')} rows={stepRows} />
      {computerRows.length > 0 && <SummaryTable caption={t('finish.computer')} rows={computerRows} />}
    </StepLayout>
  );
}

function SummaryTable({ caption, rows }: { caption: string; rows: SummaryRow[] }) {
  return (
    <table className="summary">
      <caption>{caption}</caption>
      <colgroup>
        <col className="summary__col-check" />
        <col className="summary__col-result" />
        <col />
      </colgroup>
      {/* Column headers for assistive technology; the layout makes them obvious to the eye. */}
      <thead className="sr-only">
        <tr>
          <th scope="col">{t('finish.column.check')}</th>
          <th scope="col">{t('finish.column.result')}</th>
          <th scope="col">{t('finish.column.details')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={`summary__row summary__row--${row.verdict}`}>
            <th scope="row">{t(row.label)}</th>
            <td>
              <span className={`badge badge--${row.verdict}`}>{t(`verdict.${row.verdict}`)}</span>
            </td>
            <td>
              {row.reason && <span className="summary__reason">{t(row.reason, { seconds: CHALLENGE_SECONDS })}</span>}
              {row.fix && (
                <span className="summary__fix">
                  <strong>{t('common.howToFix')}: </strong>
                  {t(row.fix, { seconds: CHALLENGE_SECONDS })}
                </span>
              )}
              {!row.reason && row.value && <span className="summary__value">{t(row.value.key, row.value.params)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
