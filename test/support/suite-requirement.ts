/**
 * What a suite needs from the machine beyond Node (PostgreSQL, Chromium, ffmpeg, strace, makensis).
 * Where it is missing the suite is skipped and says why in the output. Under CI=true a missing one is a
 * broken machine (.ci/run installs them all), so the test file fails instead of passing with nothing run.
 * The Electron suite is the exception: its binary cannot always be downloaded, so it only says it skipped.
 */

/** Null when the suite can run; otherwise the reason it is skipped, e.g. "ffmpeg is not installed". */
export type MissingRequirement = string | null;

/**
 * True when `suite` must be skipped (and says so); throws under CI=true instead of skipping.
 * Call it at the top of a test file, where a throw fails the file.
 */
export function skipWithout(suite: string, missing: MissingRequirement, env: NodeJS.ProcessEnv = process.env): boolean {
  if (missing === null) return false;
  if (env.CI === 'true') {
    throw new Error(`${suite} cannot run under CI=true: ${missing} (.ci/run installs every test dependency).`);
  }
  console.log(`[tests] ${suite} SKIPPED: ${missing}.`);
  return true;
}
