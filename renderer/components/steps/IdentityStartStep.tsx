import { continueFlow, settleStep } from '../../actions/check-actions';
import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';
import { StepLayout } from '../common/StepLayout';

export function IdentityStartStep() {
  const requireIdCard = useAppStore((state) => state.session?.policy.requireIdCard ?? false);
  const proceed = async () => {
    await settleStep('identity', 'START', { verdict: 'passed', reason: null, fix: null, details: {} });
    await continueFlow('identity');
  };
  return (
    <StepLayout
      title={t('identityStart.title')}
      instructions={t('identityStart.intro')}
      actions={
        <button type="button" className="button button--primary" onClick={() => void proceed()}>
          {t('common.continue')}
        </button>
      }
    >
      <ol className="numbered-list">
        <li>{t('identityStart.face')}</li>
        <li>{t('identityStart.turn')}</li>
        {requireIdCard && <li>{t('identityStart.card')}</li>}
      </ol>
    </StepLayout>
  );
}
