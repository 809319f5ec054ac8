import { ExamFrame } from '../../exam/ExamFrame';
import { ExamStatusBar } from '../../exam/ExamStatusBar';
import { t } from '../../i18n/messages';
import { useAppStore } from '../../stores/app-store';

/**
 * The running exam: the status bar across the top, the exam page below it. In Electron the page is a
 * separate view the main process lays out under the bar (STATUS_BAR_HEIGHT); in the preview it is framed here.
 */
export function ExamScreen() {
  const preview = useAppStore((state) => state.preview);
  return (
    <div className="exam-shell">
      <ExamStatusBar />
      {preview ? <ExamFrame /> : <p className="exam-shell__locked">{t('exam.inLockedView')}</p>}
    </div>
  );
}
