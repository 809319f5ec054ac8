/**
 * WebM the way MediaRecorder writes it (a live stream: no duration, no cues), made with Debian's
 * ffmpeg, and ffprobe to read what a player would see.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const FFMPEG = '/usr/bin/ffmpeg';
export const FFPROBE = '/usr/bin/ffprobe';

export function hasFfmpeg(): boolean {
  return existsSync(FFMPEG) && existsSync(FFPROBE);
}

/** Why a suite needing ffmpeg cannot run here, or null (see test/support/suite-requirement.ts). */
export function missingFfmpeg(): string | null {
  return hasFfmpeg() ? null : `ffmpeg is not installed (no ${FFMPEG} or ${FFPROBE}; apt-get install ffmpeg)`;
}

/** A VP8 + Opus live WebM of `seconds` with a cluster every second. */
export function makeLiveWebm(path: string, seconds: number): void {
  execFileSync(
    FFMPEG,
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=160x120:rate=10`],
      ...['-f', 'lavfi', '-i', `sine=duration=${seconds}`],
      ...['-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus'],
      ...['-f', 'webm', '-live', '1', '-cluster_time_limit', '1000', path],
    ],
    { stdio: 'pipe' },
  );
}

/** The container duration ffprobe reads, in seconds; null when it reports none (a live WebM). */
export function probeDurationSeconds(path: string): number | null {
  const output = execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', path], {
    encoding: 'utf8',
  });
  const duration = (JSON.parse(output) as { format?: { duration?: string } }).format?.duration;
  return duration === undefined ? null : Number(duration);
}

/** Decodes every frame; throws when ffmpeg finds the file broken. */
export function decodeFully(path: string): void {
  execFileSync(FFMPEG, ['-v', 'error', '-xerror', '-i', path, '-f', 'null', '-'], { stdio: 'pipe' });
}
