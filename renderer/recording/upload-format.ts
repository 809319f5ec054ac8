/** Numbers for the end-of-exam upload screen, as people read them. */
import type { UploadProgress } from '../../shared/ipc/contract';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Whole percent, never 100 before everything is up (a rounding 99.6 % is not "done"). */
export function uploadPercent(progress: Pick<UploadProgress, 'totalBytes' | 'uploadedBytes' | 'done'>): number {
  if (progress.done || progress.totalBytes === 0) return progress.done ? 100 : 0;
  const percent = Math.floor((progress.uploadedBytes / progress.totalBytes) * 100);
  return Math.min(99, Math.max(0, percent));
}

/** "about 3 minutes", "less than a minute"; null when unknown. */
export function formatTimeLeft(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}
