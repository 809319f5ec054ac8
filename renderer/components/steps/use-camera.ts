import { useEffect, useState } from 'react';
import { classifyMediaError, type DeviceError } from '../../media/media-errors';
import { openCamera } from '../../media/camera';

/** The shared camera stream for a step, or why there is none. `attempt` re-opens it. */
export function useCamera(attempt = 0): { stream: MediaStream | null; error: DeviceError | null } {
  const [state, setState] = useState<{ stream: MediaStream | null; error: DeviceError | null }>({
    stream: null,
    error: null,
  });
  useEffect(() => {
    let active = true;
    openCamera()
      .then((stream) => active && setState({ stream, error: null }))
      .catch((error: unknown) => active && setState({ stream: null, error: classifyMediaError(error) }));
    return () => {
      active = false;
    };
  }, [attempt]);
  return state;
}
