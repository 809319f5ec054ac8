/** WEB_CAM: a camera delivers at least 640×480 at a usable frame rate, the picture is lit, and a face is in view. */
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const WEBCAM_RULES = {
  minWidth: 640,
  minHeight: 480,
  /** Frames per second actually delivered (measured), not what the driver promises. */
  minFrameRate: 15,
  /** Mean luminance (0–255) of the whole picture. */
  minFrameLuma: 50,
} as const;

export interface WebcamObservation {
  width: number;
  height: number;
  /** Measured over the last second or two; null until measured. */
  frameRate: number | null;
  frameLuma: number | null;
  faceCount: number | null;
}

export type CameraError = 'denied' | 'not-found' | 'in-use' | 'failed';

export function evaluateWebcam(observation: WebcamObservation | null, error: CameraError | null): CheckOutcome {
  if (error === 'denied') return failed('cam.denied', 'cam.fix.permission');
  if (error === 'not-found') return failed('cam.notFound', 'cam.fix.connect');
  if (error === 'in-use') return failed('cam.inUse', 'cam.fix.closeOthers');
  if (error) return failed('cam.failed', 'cam.fix.connect');
  if (!observation) return pending('cam.starting');
  const details = {
    width: observation.width,
    height: observation.height,
    frameRate: observation.frameRate === null ? null : Math.round(observation.frameRate * 10) / 10,
    frameLuma: observation.frameLuma === null ? null : Math.round(observation.frameLuma),
    faceCount: observation.faceCount,
  };
  if (observation.width < WEBCAM_RULES.minWidth || observation.height < WEBCAM_RULES.minHeight) {
    return failed('cam.lowResolution', 'cam.fix.otherCamera', details);
  }
  if (observation.frameRate === null || observation.frameLuma === null || observation.faceCount === null) {
    return pending('cam.measuring', details);
  }
  if (observation.frameRate < WEBCAM_RULES.minFrameRate)
    return failed('cam.lowFrameRate', 'cam.fix.closeOthers', details);
  if (observation.frameLuma < WEBCAM_RULES.minFrameLuma) return failed('cam.tooDark', 'cam.fix.light', details);
  if (observation.faceCount === 0) return failed('cam.noFace', 'cam.fix.sitInView', details);
  return passed(details);
}

/** Frames per second from the timestamps (ms) of delivered frames. */
export function measuredFrameRate(timestamps: readonly number[]): number | null {
  if (timestamps.length < 2) return null;
  const span = timestamps[timestamps.length - 1]! - timestamps[0]!;
  return span > 0 ? ((timestamps.length - 1) * 1000) / span : null;
}
