import { useEffect, useState } from 'react';
import { finishExam } from '../actions/exam-actions';
import { t, type MessageKey } from '../i18n/messages';
import { useAppStore } from '../stores/app-store';
import { useExamStore } from '../stores/exam-store';
import { formatCountdown, secondsLeft } from './time-left';

/**
 * The thin bar above the exam page: time left, what the camera sees, the connection and the
 * recording. It lives in the shell's own document, so the exam page cannot read or change it.
 */
export function ExamStatusBar() {
  const endsAt = useExamStore((state) => state.endsAt);
  const presence = useExamStore((state) => state.presence);
  const identity = useExamStore((state) => state.identity);
  const proctoring = useExamStore((state) => state.proctoring);
  const online = useExamStore((state) => state.online);
  const recording = useExamStore((state) => state.recording);
  const finishing = useExamStore((state) => state.finishing);
  const resumed = useExamStore((state) => state.resumed);
  const preview = useAppStore((state) => state.preview);
  const [now, setNow] = useState(() => Date.now());
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const left = secondsLeft(endsAt, now);
  const presenceKey: MessageKey =
    proctoring === 'failed'
      ? 'exam.presence.failed'
      : proctoring === 'off'
        ? 'exam.presence.off'
        : identity === 'mismatch'
          ? 'exam.identity.mismatch'
          : `exam.presence.${presence}`;
  const presenceTone = identity === 'mismatch' || presence === 'absent' || presence === 'multiple' ? 'warn' : 'ok';

  return (
    <div className="exam-status-bar" role="region" aria-label={t('app.title')}>
      {preview && <span className="exam-status-bar__preview">{t('exam.previewLabel')}</span>}
      {resumed && (
        <span className="exam-status-bar__item" data-testid="resumed" title={t('exam.resumedNote')}>
          <span className="exam-status-bar__value">{t('exam.resumedLabel')}</span>
        </span>
      )}
      <span className="exam-status-bar__item">
        <span className="exam-status-bar__label">{t('exam.timeLeft')}</span>
        <span className="exam-status-bar__value" data-testid="time-left" aria-live="off">
          {left === null ? '—' : formatCountdown(left)}
        </span>
      </span>
      <span className={`exam-status-bar__item exam-status-bar__item--${presenceTone}`} role="status">
        <span className="exam-status-bar__label">{t('exam.proctoring')}</span>
        <span className="exam-status-bar__value" data-testid="presence" data-identity={identity}>
          {t(presenceKey)}
        </span>
      </span>
      <span className={`exam-status-bar__item exam-status-bar__item--${online ? 'ok' : 'warn'}`}>
        <span className="exam-status-bar__label">{t('exam.connection')}</span>
        <span className="exam-status-bar__value">{online ? t('exam.online') : t('exam.offline')}</span>
      </span>
      <span className="exam-status-bar__item">
        <span className="exam-status-bar__label">{t('exam.recording')}</span>
        <span className="exam-status-bar__value" data-testid="recording">
          {t(`exam.recording.${recording}`)}
        </span>
      </span>
      <button
        type="button"
        className="button exam-status-bar__finish"
        disabled={finishing}
        onClick={() => (confirming ? void finishExam('candidate') : setConfirming(true))}
        onBlur={() => setConfirming(false)}
      >
        {finishing ? t('exam.finishing') : confirming ? t('exam.finishConfirm') : t('exam.finish')}
      </button>
    </div>
  );
}
