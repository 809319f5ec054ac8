import { useState } from 'react';
import { recordsMedia } from '../../../shared/policy';
import { continueFlow, settleStep } from '../../actions/check-actions';
import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';
import { setConsent, useChecksStore } from '../../stores/checks-store';
import { StepLayout } from '../common/StepLayout';

/** START: what will be recorded and checked, in plain words, and the candidate's consent. */
export function StartStep() {
  const session = useAppStore((state) => state.session);
  const consent = useChecksStore((state) => state.consent);
  const [missing, setMissing] = useState(false);
  if (!session) return null;
  const media = recordsMedia(session.exam.mode);

  const proceed = async () => {
    if (!consent) {
      setMissing(true);
      return;
    }
    await settleStep('system', 'START', { verdict: 'passed', reason: null, fix: null, details: { consent: true } });
    await continueFlow('system');
  };

  return (
    <StepLayout
      title={t('start.title')}
      instructions={t('start.intro')}
      actions={
        <button type="button" className="button button--primary" onClick={() => void proceed()}>
          {t('common.continue')}
        </button>
      }
    >
      <ul className="consent-list">
        {media && <li>{t('start.camera')}</li>}
        {media && <li>{t('start.microphone')}</li>}
        {media && <li>{t('start.screen')}</li>}
        <li>{t('start.apps')}</li>
        {session.candidate.hasFacePhoto && <li>{t('start.reference')}</li>}
        <li>{t('start.retention', { days: session.policy.logRetentionDays })}</li>
      </ul>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={consent}
          onChange={(event) => {
            setConsent(event.target.checked);
            setMissing(false);
          }}
          aria-describedby={missing ? 'consent-missing' : undefined}
          aria-invalid={missing}
        />
        <span>{t('start.consent')}</span>
      </label>
      {missing && (
        <p id="consent-missing" className="field__error" role="alert">
          {t('start.mustConsent')}
        </p>
      )}
    </StepLayout>
  );
}
