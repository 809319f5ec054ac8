import { requestStart } from '../../actions/exam-actions';
import { t } from '../../i18n/messages';
import { useExamStore } from '../../stores/exam-store';
import { StepLayout } from '../common/StepLayout';

/** The checks are done: the candidate asks to start, and waits for the institution when it approves by hand. */
export function ReadyScreen() {
  const approval = useExamStore((state) => state.approval);
  const revertReason = useExamStore((state) => state.revertReason);
  const busy = approval === 'requesting' || approval === 'starting';

  return (
    <div className="single-panel">
      <StepLayout
        title={t('app.readyTitle')}
        instructions={t('app.readyBody')}
        actions={
          approval !== 'waiting' && (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void requestStart()}
            >
              {approval === 'requesting'
                ? t('approval.requesting')
                : approval === 'starting'
                  ? t('approval.starting')
                  : approval === 'reverted'
                    ? t('approval.requestAgain')
                    : t('approval.start')}
            </button>
          )
        }
      >
        <p className="hint">{t('approval.lockdownNote')}</p>
        {approval === 'waiting' && (
          <div className="approval-waiting" role="status" aria-live="polite">
            <span className="approval-waiting__spinner" aria-hidden="true" />
            <div>
              <p className="approval-waiting__title">{t('approval.waitingTitle')}</p>
              <p>{t('approval.waiting')}</p>
            </div>
          </div>
        )}
        {approval === 'reverted' && (
          <div className="notice notice--error" role="alert">
            <div className="notice__body">
              <p className="notice__title">{t('approval.reverted')}</p>
              <p>
                {revertReason ? t('approval.revertedBody', { reason: revertReason }) : t('approval.revertedNoReason')}
              </p>
            </div>
          </div>
        )}
      </StepLayout>
    </div>
  );
}
