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
import { ExamScreen } from './screens/ExamScreen';
import { ExamEndScreen } from './screens/ExamEndScreen';
import { ConfirmIdentityScreen } from './screens/ConfirmIdentityScreen';
import { StartingNotice } from './common/StartingNotice';
import { dismissError } from '../actions/app-actions';

export function App() {
  const phase = useAppStore((state) => state.phase);
  const preview = useAppStore((state) => state.preview);
  const error = useAppStore((state) => state.error);
  const ended = useAppStore((state) => state.sessionEnded !== null);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {preview && <PreviewBanner />}
      <AppHeader />
      <main id="main" className="app__main" tabIndex={-1}>
        {phase !== 'exam' && phase !== 'ended' && <SessionEndedNotice />}
        {error && <ErrorNotice error={error} onDismiss={dismissError} />}
        {phase === 'starting' && <StartingNotice />}
        {phase === 'launch' && <LaunchScreen />}
        {/* Once the service has ended the session there is nothing left to check: the camera goes off with the flow. */}
        {phase === 'system' && !ended && <CheckFlowScreen flow="system" />}
        {phase === 'identity' && !ended && <CheckFlowScreen flow="identity" />}
        {phase === 'confirm' && !ended && <ConfirmIdentityScreen />}
        {phase === 'ready' && <ReadyScreen />}
        {phase === 'exam' && <ExamScreen />}
        {phase === 'ended' && <ExamEndScreen />}
      </main>
      <Announcer />
    </div>
  );
}
