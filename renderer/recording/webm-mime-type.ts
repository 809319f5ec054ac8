/** The WebM flavour this browser's MediaRecorder can write, best first. */
const CANDIDATES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8', 'video/webm'];
/** For a stream without sound (the room scan's camera): no audio codec is named. */
const VIDEO_ONLY_CANDIDATES = ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/webm'];

const browserSupports = (type: string) => MediaRecorder.isTypeSupported(type);

export function pickWebmMimeType(isTypeSupported: (type: string) => boolean = browserSupports): string {
  return pickFrom(CANDIDATES, isTypeSupported);
}

/** The type for this stream: with an audio codec only when it carries sound. */
export function pickWebmMimeTypeFor(
  stream: Pick<MediaStream, 'getAudioTracks'>,
  isTypeSupported: (type: string) => boolean = browserSupports,
): string {
  return pickFrom(stream.getAudioTracks().length > 0 ? CANDIDATES : VIDEO_ONLY_CANDIDATES, isTypeSupported);
}

function pickFrom(candidates: readonly string[], isTypeSupported: (type: string) => boolean): string {
  const supported = candidates.find((type) => isTypeSupported(type));
  if (!supported) throw new Error('This browser cannot record WebM');
  return supported;
}
