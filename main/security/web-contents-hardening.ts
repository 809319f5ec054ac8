/**
 * All web hardening in one place (Signal's handleCommonWindowEvents): applied to every web contents
 * and every session the app creates, before anything loads in them.
 */
import type { DesktopCapturer, Event, Session, WebContents } from 'electron';
import type { Logger } from '../logger';
import type { NavigationPolicy } from './navigation-policy';
import { isPermissionAllowed } from './permission-policy';

export type HardenableContents = Pick<
  WebContents,
  'id' | 'on' | 'setWindowOpenHandler' | 'getURL' | 'closeDevTools' | 'isDevToolsOpened'
>;

export interface HardeningOptions {
  navigation: NavigationPolicy;
  log: Logger;
  /** Production builds close devtools if anything opens them (webPreferences already disables them). */
  allowDevTools: boolean;
}

export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  const refuseNavigation = (kind: string) => (event: Event, url: string) => {
    if (options.navigation.isAllowed(contents.id, url)) return;
    event.preventDefault();
    options.log.warn(`${kind} refused`, { from: contents.getURL(), to: url });
  };
  contents.on('will-navigate', refuseNavigation('navigation'));
  contents.on('will-redirect', refuseNavigation('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    options.log.warn('new window refused', { url });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log.warn('<webview> refused');
  });
  if (!options.allowDevTools) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

export type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDisplayMediaRequestHandler' | 'on'
>;

export interface SessionHardeningOptions {
  log: Logger;
  /** Screen sources for getDisplayMedia from the app (the recorder captures the whole primary screen). */
  desktopCapturer?: Pick<DesktopCapturer, 'getSources'>;
}

export function hardenSession(session: HardenableSession, options: SessionHardeningOptions): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const url = details.requestingUrl || webContents?.getURL();
    const allowed = isPermissionAllowed(permission, url);
    if (!allowed) options.log.warn('permission refused', { permission, url });
    callback(allowed);
  });
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin || webContents?.getURL()),
  );
  session.setDisplayMediaRequestHandler((request, callback) => {
    const url = request.frame?.url ?? request.securityOrigin;
    if (!options.desktopCapturer || !isPermissionAllowed('display-capture', url)) {
      options.log.warn('screen capture refused', { url });
      callback({});
      return;
    }
    options.desktopCapturer
      .getSources({ types: ['screen'] })
      .then((sources) => callback(sources[0] ? { video: sources[0] } : {}))
      .catch(() => callback({}));
  });
  session.on('will-download', (event, item) => {
    event.preventDefault();
    item.cancel();
    options.log.warn('download cancelled', { url: item.getURL() });
  });
}
