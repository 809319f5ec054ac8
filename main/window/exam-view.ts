/**
 * The institution's exam page, in a view beside the app's shell: its own in-memory session, no
 * preload, sandboxed, navigation only within the exam's origins (the navigation step), no windows,
 * no downloads, no permissions. The shell keeps a thin status bar above it that the page cannot touch.
 */
import type { BrowserWindow, Session, WebContentsView, WebContentsViewConstructorOptions } from 'electron';
import type { SessionSummary } from '../../shared/ipc/contract';
import type { ExamViewPort } from '../core/ports';
import { BridgeError } from '../core/bridge-error';
import type { Logger } from '../logger';
import type { NavigationPolicy } from '../security/navigation-policy';
import { secureWebPreferences } from './window-options';

export const STATUS_BAR_HEIGHT = 40;

export interface ExamViewDeps {
  WebContentsViewClass: new (options: WebContentsViewConstructorOptions) => WebContentsView;
  sessionFor(partition: string): Session;
  /** Applies the app's session hardening (permissions, downloads) to the exam's session. */
  hardenSession(session: Session): void;
  window: () => BrowserWindow | null;
  navigation: NavigationPolicy;
  log: Logger;
  /** The page's own status after each load (its `<meta name="vigil-exam-status">`): `submitted` ends the exam. */
  onPageStatus?(status: 'in-progress' | 'submitted', url: string): void;
}

/** Read in an isolated world, so the page's scripts cannot hook what the client reads. */
const READ_PAGE_STATUS = `document.querySelector('meta[name="vigil-exam-status"]')?.getAttribute('content') ?? ''`;
const ISOLATED_WORLD_ID = 1001;

export function createExamView(deps: ExamViewDeps): ExamViewPort {
  let view: WebContentsView | null = null;
  let onResize: (() => void) | null = null;

  const layout = (window: BrowserWindow) => {
    const [width, height] = window.getContentSize();
    view?.setBounds({
      x: 0,
      y: STATUS_BAR_HEIGHT,
      width: width ?? 0,
      height: Math.max(0, (height ?? 0) - STATUS_BAR_HEIGHT),
    });
  };

  const close = async () => {
    const window = deps.window();
    if (view) {
      deps.navigation.unregisterExamContents(view.webContents.id);
      if (window && !window.isDestroyed()) window.contentView.removeChildView(view);
      if (!view.webContents.isDestroyed()) view.webContents.close();
      view = null;
    }
    if (window && onResize && !window.isDestroyed()) window.removeListener('resize', onResize);
    onResize = null;
  };

  return {
    async open(session: SessionSummary) {
      const window = deps.window();
      if (!window) throw new BridgeError('unavailable', 'The exam window is not open.');
      if (deps.navigation.allowedExamOrigins.size === 0) {
        // The navigation step has not run: the exam page opens only under the lockdown.
        throw new BridgeError('invalid_state', 'The exam page opens once the exam has started.');
      }
      await close();
      // A fresh in-memory partition per session: nothing the page stores outlives the exam.
      const examSession = deps.sessionFor(`exam-${session.sessionId}`);
      deps.hardenSession(examSession);
      view = new deps.WebContentsViewClass({
        webPreferences: secureWebPreferences({ development: false }, { session: examSession }),
      });
      deps.navigation.registerExamContents(view.webContents.id);
      const contents = view.webContents;
      contents.on('did-finish-load', () => {
        void contents
          .executeJavaScriptInIsolatedWorld(ISOLATED_WORLD_ID, [{ code: READ_PAGE_STATUS }])
          .then((status: unknown) => {
            deps.onPageStatus?.(status === 'submitted' ? 'submitted' : 'in-progress', contents.getURL());
          })
          .catch((error: unknown) => deps.log.warn('exam page status unreadable', { error: String(error) }));
      });
      window.contentView.addChildView(view);
      layout(window);
      onResize = () => layout(window);
      window.on('resize', onResize);
      try {
        await view.webContents.loadURL(session.exam.startUrl);
      } catch (error) {
        deps.log.warn('exam page failed to load', { url: session.exam.startUrl, error: String(error) });
      }
    },
    close,
  };
}
