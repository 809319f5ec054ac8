import { useEffect, useMemo, useRef } from 'react';
import { examPageStatus } from '../actions/exam-actions';
import { t } from '../i18n/messages';
import { useAppStore } from '../stores/app-store';
import { useExamStore } from '../stores/exam-store';
import { examOrigins, readExamStatusMessage } from './exam-page-message';

/**
 * The preview's exam page: a sandboxed iframe in the shell. Scripts and forms run, and the page keeps
 * its own origin (cookies, storage) — it is on another origin than the shell, so it still cannot touch
 * the shell. No popups, no top navigation, no downloads, no camera (iframes get none unless allowed).
 * In Electron the page opens in a separate locked view instead (main/window/exam-view.ts).
 */
export function ExamFrame() {
  const exam = useAppStore((state) => state.session?.exam);
  const pageStatus = useExamStore((state) => state.pageStatus);
  const frame = useRef<HTMLIFrameElement>(null);
  const origins = useMemo(() => (exam ? examOrigins(exam.startUrl, exam.allowedUrls) : new Set<string>()), [exam]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const status = readExamStatusMessage(event, frame.current?.contentWindow ?? null, origins);
      if (status) examPageStatus(status);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [origins]);

  if (!exam) return null;
  return (
    <div className="exam-frame">
      {pageStatus === 'loading' && <p className="exam-frame__loading">{t('exam.pageLoading')}</p>}
      <iframe
        ref={frame}
        className="exam-frame__page"
        title={t('exam.frameTitle', { title: exam.title })}
        src={exam.startUrl}
        sandbox="allow-scripts allow-forms allow-same-origin"
        referrerPolicy="no-referrer"
        allow=""
        onLoad={() => {
          if (useExamStore.getState().pageStatus === 'loading') examPageStatus('in-progress');
        }}
      />
    </div>
  );
}
