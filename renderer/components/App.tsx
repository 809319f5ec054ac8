import { useAppStore } from '../stores/app-store';
import { t } from '../i18n/messages';
import { Announcer } from './common/Announcer';
import { ErrorNotice } from './common/ErrorNotice';
import { PreviewBanner } from './common/PreviewBanner';
import { AppHeader } from './common/AppHeader';
import { SessionEndedNotice } from './common/SessionEndedNotice';
import { LaunchScreen } from './screens/LaunchScreen';
import { CheckFlowScreen } from './screens/CheckFlowScreen';
import { ReadyScreen } from './screens/ReadyScreen';
import { dismissError } from '../actions/app-actions';

export function App() {
  const phase = useAppStore((state) => state.phase);
  const preview = useAppStore((state) => state.preview);
  const error = useAppStore((state) => state.error);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {preview && <PreviewBanner />}
      <AppHeader />
      <main id="main" className="app__main" tabIndex={-1}>
        <SessionEndedNotice />
        {error && <ErrorNotice error={error} onDismiss={dismissError} />}
        {phase === 'starting' && <p className="starting">{t('app.starting')}</p>}
        {phase === 'launch' && <LaunchScreen />}
        {phase === 'system' && <CheckFlowScreen flow="system" />}
        {phase === 'identity' && <CheckFlowScreen flow="identity" />}
        {phase === 'ready' && <ReadyScreen />}
      </main>
      <Announcer />
    </div>
  );
}
