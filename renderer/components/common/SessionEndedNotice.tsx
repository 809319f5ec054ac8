import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';

/** Shown as soon as the service ends the session, whatever step the candidate is on. */
export function SessionEndedNotice() {
  const ended = useAppStore((state) => state.sessionEnded);
  if (!ended) return null;
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__body">
        <p className="notice__title">{t('session.ended')}</p>
        <p>{t('session.endedState', { state: ended.state.replace(/_/g, ' ') })}</p>
        {ended.reason && <p>{t('session.endedReason', { reason: ended.reason })}</p>}
      </div>
    </div>
  );
}
