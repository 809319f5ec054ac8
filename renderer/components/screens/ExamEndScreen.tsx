import { t } from '../../i18n/messages';
import { UploadProgressPanel } from '../../recording';
import { useExamStore } from '../../stores/exam-store';
import { StepLayout } from '../common/StepLayout';

/** The exam is over: submitted (a summary) or stopped by the service (and why); either way the upload finishes here. */
export function ExamEndScreen() {
  const end = useExamStore((state) => state.end);
  const upload = useExamStore((state) => state.upload);
  const recording = useExamStore((state) => state.recording);
  const startedAt = useExamStore((state) => state.startedAt);
  const incidents = useExamStore((state) => state.incidents);
  const authScore = useExamStore((state) => state.authScore);
  if (!end) return null;
  const stopped = end.state !== 'finished';
  const minutes = startedAt === null ? 0 : Math.max(0, Math.round((end.endedAt - startedAt) / 60_000));

  return (
    <div className="single-panel exam-end">
      <StepLayout
        title={stopped ? t('end.stoppedTitle') : t('end.finishedTitle')}
        instructions={
          stopped
            ? t('end.stoppedBody', { state: end.state.replace(/_/g, ' ') })
            : end.cause === 'time-up'
              ? t('end.timeUpBody')
              : t('end.finishedBody')
        }
      >
        {stopped && (
          <div className="notice notice--error" role="alert">
            <div className="notice__body">
              {end.reason && <p className="notice__title">{t('end.stoppedReason', { reason: end.reason })}</p>}
              <p>{t('end.stoppedContact')}</p>
            </div>
          </div>
        )}
        <section className="exam-end__summary" aria-labelledby="exam-end-summary">
          <h2 id="exam-end-summary">{t('end.summary')}</h2>
          <ul>
            <li>{t('end.duration', { minutes })}</li>
            <li>{t('end.incidents', { count: incidents.length })}</li>
            {authScore !== null && <li>{t('end.authScore', { score: Math.round(authScore) })}</li>}
            <li>{t('end.lockdownReleased')}</li>
          </ul>
        </section>
        {recording !== 'off' && <UploadProgressPanel progress={upload} />}
        {(recording === 'off' || upload?.done) && <p className="hint">{t('end.closeWhenDone')}</p>}
      </StepLayout>
    </div>
  );
}
