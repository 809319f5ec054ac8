/**
 * The camera, shared by the steps that use it (camera check, room check, face photo, ID card) and
 * switched off as soon as none does: the camera light is on only while the candidate is asked to be
 * on camera. 640×480 is asked for: enough for the identity models, light on the face worker.
 */
let current: Promise<MediaStream> | null = null;
let users = 0;

/** Opens (or shares) the camera for one user; pair with releaseCamera. */
export function acquireCamera(): Promise<MediaStream> {
  users++;
  return openCamera();
}

export function releaseCamera(): void {
  users = Math.max(0, users - 1);
  if (users === 0) closeCamera();
}

export function openCamera(): Promise<MediaStream> {
  const live = current;
  if (live) {
    return live.then((stream) =>
      stream.getVideoTracks().some((track) => track.readyState === 'live') ? stream : reopen(),
    );
  }
  return reopen();
}

function reopen(): Promise<MediaStream> {
  current = navigator.mediaDevices
    .getUserMedia({ audio: false, video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } } })
    .catch((error: unknown) => {
      current = null;
      throw error;
    });
  return current;
}

export function closeCamera(): void {
  const stream = current;
  current = null;
  void stream?.then((s) => s.getTracks().forEach((track) => track.stop())).catch(() => undefined);
}

export function cameraSettings(stream: MediaStream): { width: number; height: number; frameRate: number | null } {
  const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
  return { width: settings.width ?? 0, height: settings.height ?? 0, frameRate: settings.frameRate ?? null };
}

/** Waits until a <video> has a decoded frame to grab. */
export function videoReady(video: HTMLVideoElement): Promise<void> {
  if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) return Promise.resolve();
  return new Promise((resolve) => video.addEventListener('loadeddata', () => resolve(), { once: true }));
}

/** The current video frame as an ImageBitmap (transferable to the face worker). */
export async function grabFrame(video: HTMLVideoElement): Promise<ImageBitmap> {
  await videoReady(video);
  return createImageBitmap(video);
}
