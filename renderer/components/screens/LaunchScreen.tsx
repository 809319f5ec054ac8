import type { FormEvent } from 'react';
import { launch, setLaunchCode } from '../../actions/app-actions';
import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';
import { StepLayout } from '../common/StepLayout';

export function LaunchScreen() {
  const code = useAppStore((state) => state.launchCode);
  const launching = useAppStore((state) => state.launching);
  const fromLink = useAppStore((state) => Boolean(state.appInfo?.pendingLaunchCode));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void launch();
  };

  return (
    <div className="single-panel">
      <StepLayout title={t('launch.title')} instructions={t('launch.intro')}>
        <form className="form" onSubmit={submit} noValidate>
          {fromLink && <p className="hint">{t('launch.fromLink')}</p>}
          <label className="field">
            <span className="field__label">{t('launch.codeLabel')}</span>
            <input
              className="field__input field__input--code"
              name="launchCode"
              value={code}
              onChange={(event) => setLaunchCode(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="launch-code-hint"
              required
            />
            <span id="launch-code-hint" className="field__hint">
              {t('launch.codeHint')}
            </span>
          </label>
          <button type="submit" className="button button--primary" disabled={launching}>
            {launching ? t('launch.submitting') : t('launch.submit')}
          </button>
        </form>
      </StepLayout>
    </div>
  );
}
