import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';

export function AppHeader() {
  const session = useAppStore((state) => state.session);
  return (
    <header className="app-header">
      <span className="app-header__brand" aria-hidden="true">
        <span className="app-header__mark" />
        {t('app.title')}
      </span>
      {session && (
        <p className="app-header__session">
          {t('launch.welcome', { name: session.candidate.userName, exam: session.exam.title })}
        </p>
      )}
    </header>
  );
}
