import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../main/logger';
import { NavigationPolicy } from '../../../main/security/navigation-policy';
import { isPermissionAllowed } from '../../../main/security/permission-policy';
import { hardenSession, hardenWebContents } from '../../../main/security/web-contents-hardening';
import { FakeSession, FakeWebContents } from '../../mocks/electron';

describe('web contents hardening', () => {
  const harden = (contents: FakeWebContents, allowDevTools = false) => {
    const navigation = new NavigationPolicy();
    hardenWebContents(contents as never, { navigation, log: silentLogger, allowDevTools });
    return navigation;
  };

  it('refuses navigation and redirects away from the app origin', () => {
    const shell = new FakeWebContents();
    harden(shell);
    expect(shell.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(shell.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
    expect(shell.emitPreventable('will-navigate', 'app://vigil/index.html')).toBe(false);
  });

  it('denies every new window, every <webview>, and closes devtools in production', () => {
    const shell = new FakeWebContents();
    harden(shell);
    expect(shell.windowOpenHandler?.({ url: 'app://vigil/index.html' })).toEqual({ action: 'deny' });
    expect(shell.emitPreventable('will-attach-webview', {}, {})).toBe(true);
    shell.devToolsOpened = true;
    shell.emit('devtools-opened');
    expect(shell.isDevToolsOpened()).toBe(false);
  });
});

describe('permissions', () => {
  it('grants camera, microphone and screen capture to the app origin only', () => {
    expect(isPermissionAllowed('media', 'app://vigil/index.html')).toBe(true);
    expect(isPermissionAllowed('display-capture', 'app://vigil')).toBe(true);
    expect(isPermissionAllowed('media', 'https://exam.example.edu/')).toBe(false);
    expect(isPermissionAllowed('media', 'app://vigil.evil/')).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi']) {
      expect(isPermissionAllowed(permission, 'app://vigil/index.html')).toBe(false);
    }
    expect(isPermissionAllowed('media', null)).toBe(false);
  });

  it('wires the allow-list into the session and cancels every download', async () => {
    const session = new FakeSession();
    const getSources = vi.fn(async () => [{ id: 'screen:1:0', name: 'Screen' }]);
    hardenSession(session as never, { log: silentLogger, desktopCapturer: { getSources } as never });

    const answer = (permission: string, url: string) =>
      new Promise<boolean>((resolve) =>
        (session.permissionRequestHandler as (...args: unknown[]) => void)(
          new FakeWebContents(url),
          permission,
          resolve,
          { requestingUrl: url },
        ),
      );
    expect(await answer('media', 'app://vigil/index.html')).toBe(true);
    expect(await answer('media', 'https://exam.example.edu/')).toBe(false);
    expect(await answer('notifications', 'app://vigil/index.html')).toBe(false);

    const check = session.permissionCheckHandler as (...args: unknown[]) => boolean;
    expect(check(null, 'media', 'app://vigil')).toBe(true);
    expect(check(null, 'media', 'https://exam.example.edu')).toBe(false);

    const screenFor = (url: string) =>
      new Promise<unknown>((resolve) =>
        (session.displayMediaRequestHandler as (...args: unknown[]) => void)(
          { frame: { url }, securityOrigin: url },
          resolve,
        ),
      );
    expect(await screenFor('app://vigil/index.html')).toEqual({ video: { id: 'screen:1:0', name: 'Screen' } });
    expect(await screenFor('https://exam.example.edu/')).toEqual({});

    const item = { cancel: vi.fn(), getURL: () => 'https://exam.example.edu/answers.pdf' };
    let prevented = false;
    session.emit('will-download', { preventDefault: () => (prevented = true) }, item);
    expect(prevented).toBe(true);
    expect(item.cancel).toHaveBeenCalledOnce();
  });
});
