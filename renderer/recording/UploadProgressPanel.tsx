/**
 * The end-of-exam upload screen: how much of the recordings has reached the service, how long
 * the rest should take, and a plain warning not to switch off until it is done.
 */
import type { UploadProgress } from '../../shared/ipc/contract';
import { t } from '../i18n/messages';
import { formatBytes, formatTimeLeft, uploadPercent } from './upload-format';

export function UploadProgressPanel({ progress }: { progress: UploadProgress | null }) {
  if (!progress) {
    return (
      <section className="upload-progress" aria-busy="true">
        <h2>{t('upload.title')}</h2>
        <p>{t('upload.preparing')}</p>
      </section>
    );
  }
  const percent = uploadPercent(progress);
  const timeLeft = formatTimeLeft(progress.secondsLeft);
  return (
    <section className="upload-progress" aria-live="polite">
      <h2>{progress.done ? t('upload.doneTitle') : t('upload.title')}</h2>
      <progress
        className="upload-progress__bar"
        max={100}
        value={percent}
        aria-label={t('upload.barLabel')}
        aria-valuetext={`${percent}%`}
      />
      <p className="upload-progress__figures">
        {t('upload.figures', {
          uploaded: formatBytes(progress.uploadedBytes),
          total: formatBytes(progress.totalBytes),
          percent,
        })}
      </p>
      {!progress.done && (
        <p className="upload-progress__time">
          {!progress.online
            ? t('upload.offline')
            : timeLeft
              ? t('upload.timeLeft', { left: timeLeft })
              : t('upload.estimating')}
        </p>
      )}
      {progress.done ? (
        <p className="upload-progress__done">{t('upload.done')}</p>
      ) : (
        <p className="upload-progress__warning" role="alert">
          <strong>{t('upload.doNotSwitchOff')}</strong> {t('upload.resumes')}
        </p>
      )}
    </section>
  );
}
