import type { CheckOutcome } from '../../checks/check-result';
import { t, type MessageParams } from '../../i18n/messages';

/**
 * How to fix a failed step. The step's status line already says what happened; this panel says
 * what to do about it. Nothing is shown for a step that passed or is still running.
 */
export function OutcomeNotice({ outcome, params }: { outcome: CheckOutcome | undefined; params?: MessageParams }) {
  if (!outcome || outcome.verdict !== 'failed' || !outcome.fix) return null;
  return (
    <div className="notice notice--error">
      <div className="notice__body">
        <p className="notice__title">{t('common.howToFix')}</p>
        <p>{t(outcome.fix, params)}</p>
      </div>
    </div>
  );
}
