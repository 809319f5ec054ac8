/**
 * Where each web contents may navigate. The shell stays on the app's origin; the exam page's view may
 * go to the exam's start URL and its allowedUrls, compared as parsed origins (scheme, host and port),
 * never as string prefixes — `https://exam.example.com.evil.test` is not `https://exam.example.com`.
 */
import { APP_ORIGIN, originOf } from './app-origin';

const NAVIGABLE_SCHEMES = new Set(['http:', 'https:']);

/** The origin of an http(s) URL an exam may list; null for anything else (javascript:, file:, data:…). */
export function examOriginOf(url: string): string | null {
  try {
    if (!NAVIGABLE_SCHEMES.has(new URL(url).protocol)) return null;
  } catch {
    return null;
  }
  return originOf(url);
}

export class NavigationPolicy {
  private readonly examContents = new Set<number>();
  private examOrigins = new Set<string>();

  /** The exam's origins become reachable for the exam view (navigation step's apply). */
  allowExam(startUrl: string, allowedUrls: readonly string[]): void {
    this.examOrigins = new Set(
      [startUrl, ...allowedUrls].map(examOriginOf).filter((origin): origin is string => origin !== null),
    );
  }

  /** Nothing but the app's origin is reachable any more (navigation step's revert). */
  clearExam(): void {
    this.examOrigins = new Set();
  }

  get allowedExamOrigins(): ReadonlySet<string> {
    return this.examOrigins;
  }

  /** Marks a web contents as the exam page's view (its own session, no preload). */
  registerExamContents(id: number): void {
    this.examContents.add(id);
  }

  unregisterExamContents(id: number): void {
    this.examContents.delete(id);
  }

  isAllowed(contentsId: number, url: string): boolean {
    if (this.examContents.has(contentsId)) {
      const origin = examOriginOf(url);
      return origin !== null && this.examOrigins.has(origin);
    }
    return originOf(url) === APP_ORIGIN;
  }
}
