import { t } from '../../i18n/messages';
import type { UiError } from '../../stores/app-store';

export function ErrorNotice({ error, onDismiss }: { error: UiError; onDismiss?: () => void }) {
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__body">
        <p className="notice__title">{t('app.errorTitle')}</p>
        <p>{t(error.key, error.params)}</p>
      </div>
      {onDismiss && (
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}
