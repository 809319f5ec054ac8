/**
 * The end-of-exam upload screen: how much of the recordings has reached the service, how long
 * the rest should take, and a plain warning not to switch off until it is done.
 */
import type { UploadProgress } from '../../shared/ipc/contract';
import { recordingMessages as text } from './recording-messages';
import { formatBytes, formatTimeLeft, uploadPercent } from './upload-format';

export function UploadProgressPanel({ progress }: { progress: UploadProgress | null }) {
  if (!progress) {
    return (
      <section className="upload-progress" aria-busy="true">
        <h2>{text.title}</h2>
        <p>{text.preparing}</p>
      </section>
    );
  }
  const percent = uploadPercent(progress);
  const timeLeft = formatTimeLeft(progress.secondsLeft);
  return (
    <section className="upload-progress" aria-live="polite">
      <h2>{progress.done ? text.doneTitle : text.title}</h2>
      <progress
        className="upload-progress__bar"
        max={100}
        value={percent}
        aria-label={text.barLabel}
        aria-valuetext={`${percent}%`}
      />
      <p className="upload-progress__figures">
        {text.figures(formatBytes(progress.uploadedBytes), formatBytes(progress.totalBytes), percent)}
      </p>
      {!progress.done && (
        <p className="upload-progress__time">
          {!progress.online ? text.offline : timeLeft ? text.timeLeft(timeLeft) : text.estimating}
        </p>
      )}
      {progress.done ? (
        <p className="upload-progress__done">{text.done}</p>
      ) : (
        <p className="upload-progress__warning" role="alert">
          <strong>{text.doNotSwitchOff}</strong> {text.resumes}
        </p>
      )}
    </section>
  );
}
