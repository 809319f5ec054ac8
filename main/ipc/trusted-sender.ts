/**
 * Only the app's own top-level frame, on app://, inside one of our windows may call the main
 * process. An iframe, the exam page's view, a navigated-away page or a stale frame is refused.
 */
import { isAppUrl } from '../security/app-origin';

export interface SenderFrame {
  url: string;
  parent: unknown;
}

export interface SenderEvent<W> {
  sender: W & { mainFrame: unknown };
  senderFrame: SenderFrame | null;
}

export function isTrustedSender<W>(event: SenderEvent<W>, windowOf: (webContents: W) => unknown): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  if (frame !== event.sender.mainFrame) return false;
  if (!windowOf(event.sender)) return false;
  return isAppUrl(frame.url);
}
