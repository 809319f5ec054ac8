import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';

/** Start-up, and while the exam service cannot be reached: what is happening, in plain words, not an error. */
export function StartingNotice() {
  const retry = useAppStore((state) => state.serviceRetry);
  if (!retry) return <p className="starting">{t('app.starting')}</p>;
  return (
    <div className="notice starting" role="status" data-testid="service-retry">
      <div className="notice__body">
        <p className="notice__title">{t('app.serviceUnreachable')}</p>
        <p>{t('app.serviceRetrying', { seconds: Math.round(retry.delayMs / 1000), attempt: retry.attempt })}</p>
      </div>
    </div>
  );
}
