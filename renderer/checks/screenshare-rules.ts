/** SCREENSHARE: screen capture works and the number of displays fits the policy. */
import { failed, passed, pending, type CheckOutcome } from './check-result';

export type CaptureResult =
  | { status: 'waiting' }
  | { status: 'captured'; surface: string | null; width: number; height: number }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export function evaluateScreenShare(
  capture: CaptureResult,
  displays: { count: number; allowed: number } | null,
): CheckOutcome {
  if (capture.status === 'waiting') return pending('screen.choose');
  if (capture.status === 'denied') return failed('screen.denied', 'screen.fix.allow');
  if (capture.status === 'failed') return failed('screen.failed', 'screen.fix.allow', { error: capture.message });
  const details = {
    surface: capture.surface,
    width: capture.width,
    height: capture.height,
    displays: displays?.count ?? null,
    allowedDisplays: displays?.allowed ?? null,
  };
  // The browser lets the candidate pick a window or tab; proctoring needs the whole screen.
  if (capture.surface !== null && capture.surface !== 'monitor')
    return failed('screen.notWholeScreen', 'screen.fix.wholeScreen', details);
  if (displays && displays.count > displays.allowed)
    return failed('screen.tooManyDisplays', 'screen.fix.disconnect', details);
  return passed(details);
}
