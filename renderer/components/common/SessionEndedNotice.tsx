import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';
import { currentFlowState, useChecksStore } from '../../stores/checks-store';

/**
 * Shown as soon as the service ends the session, whatever step the candidate is on (the check flow
 * closes, and the camera with it). The last failed check is repeated: it is usually why.
 */
export function SessionEndedNotice() {
  const ended = useAppStore((state) => state.sessionEnded);
  const lastFailure = useChecksStore((state) => {
    const flow = currentFlowState(state);
    if (!flow) return null;
    const failedSteps = flow.plan.slice(0, flow.index + 1).filter((step) => flow.outcomes[step]?.verdict === 'failed');
    const step = failedSteps.at(-1);
    return step ? (flow.outcomes[step]?.reason ?? null) : null;
  });
  if (!ended) return null;
  return (
    <div className="notice notice--error notice--large" role="alert">
      <div className="notice__body">
        <p className="notice__title">{t('session.ended')}</p>
        {lastFailure && <p>{t('session.lastCheck', { result: t(lastFailure) })}</p>}
        <p>{t('session.endedState', { state: ended.state.replace(/_/g, ' ') })}</p>
        {ended.reason && <p>{t('session.endedReason', { reason: ended.reason })}</p>}
      </div>
    </div>
  );
}
