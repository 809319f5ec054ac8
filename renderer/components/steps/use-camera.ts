import { useEffect, useState } from 'react';
import { classifyMediaError, type DeviceError } from '../../media/media-errors';
import { acquireCamera, releaseCamera } from '../../media/camera';

/**
 * The shared camera stream for a step, or why there is none. `attempt` re-opens it; so does a track
 * that ends under the step (a camera unplugged and plugged back, a driver restart).
 */
export function useCamera(attempt = 0): { stream: MediaStream | null; error: DeviceError | null } {
  const [state, setState] = useState<{ stream: MediaStream | null; error: DeviceError | null }>({
    stream: null,
    error: null,
  });
  const [reopened, setReopened] = useState(0);
  useEffect(() => {
    let active = true;
    let track: MediaStreamTrack | undefined;
    const onEnded = () => {
      if (active) setReopened((n) => n + 1);
    };
    acquireCamera()
      .then((stream) => {
        if (!active) return;
        track = stream.getVideoTracks()[0];
        track?.addEventListener('ended', onEnded);
        setState({ stream, error: null });
      })
      .catch((error: unknown) => active && setState({ stream: null, error: classifyMediaError(error) }));
    return () => {
      active = false;
      track?.removeEventListener('ended', onEnded);
      releaseCamera();
    };
  }, [attempt, reopened]);
  return state;
}
