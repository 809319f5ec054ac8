import { useEffect, type RefObject } from 'react';

/** The live camera picture, mirrored like a mirror (so "turn left" matches what the candidate sees). */
export function CameraView({
  stream,
  videoRef,
  label,
  guide = 'face',
}: {
  stream: MediaStream | null;
  videoRef: RefObject<HTMLVideoElement | null>;
  label: string;
  guide?: 'face' | 'card' | 'none';
}) {
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !stream) return;
    video.srcObject = stream;
    void video.play().catch(() => undefined);
  }, [stream, videoRef]);

  return (
    <figure className="camera">
      <video ref={videoRef} className="camera__video" muted playsInline autoPlay aria-label={label} />
      {guide !== 'none' && <div className={`camera__guide camera__guide--${guide}`} aria-hidden="true" />}
    </figure>
  );
}
