import { useContext, useId } from 'react';
import type { CheckOutcome } from '../../checks/check-result';
import { t, type MessageParams } from '../../i18n/messages';
import { StepHeadingFocus } from './StepLayout';

/**
 * A failed step's "how to fix" and its "Try again" (when the step offers one). The status line
 * already says what happened and the announcer has read it out; this panel says what to do about
 * it. Nothing is shown for a step that passed or is still running. Trying again removes the
 * panel, and the button with it, so the focus goes back to the step's heading rather than being
 * lost: the step starts over, as when it first opened.
 */
export function RetryPanel({
  outcome,
  params,
  onRetry,
}: {
  outcome: CheckOutcome | undefined;
  /** Parameters for the fix text (e.g. the challenge's seconds). */
  params?: MessageParams;
  onRetry?: () => void;
}) {
  const titleId = useId();
  const focusHeading = useContext(StepHeadingFocus);
  if (!outcome || outcome.verdict !== 'failed' || (!outcome.fix && !onRetry)) return null;
  const retry = () => {
    onRetry?.();
    focusHeading();
  };
  return (
    <div className="notice notice--error" role="group" aria-labelledby={outcome.fix ? titleId : undefined}>
      {outcome.fix && (
        <div className="notice__body">
          <p className="notice__title" id={titleId}>
            {t('common.howToFix')}
          </p>
          <p>{t(outcome.fix, params)}</p>
        </div>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={retry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}
