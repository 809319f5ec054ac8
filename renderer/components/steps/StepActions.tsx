import type { ReactNode } from 'react';
import type { CheckFlow } from '../../../shared/steps';
import { continueFlow } from '../../actions/check-actions';
import type { CheckOutcome } from '../../checks/check-result';
import { t } from '../../i18n/messages';

/** Continue (once the step is decided, passed or not: the summary lists what to fix) plus step-specific buttons. */
export function StepActions({
  flow,
  outcome,
  children,
}: {
  flow: CheckFlow;
  outcome: CheckOutcome | undefined;
  children?: ReactNode;
}) {
  const decided = outcome !== undefined && outcome.verdict !== 'pending';
  return (
    <>
      {children}
      <button
        type="button"
        className="button button--primary"
        disabled={!decided}
        onClick={() => void continueFlow(flow)}
      >
        {t('common.continue')}
      </button>
    </>
  );
}
