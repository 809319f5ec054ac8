/** The WebM flavour this browser's MediaRecorder can write, best first. */
const CANDIDATES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8', 'video/webm'];

export function pickWebmMimeType(
  isTypeSupported: (type: string) => boolean = (type) => MediaRecorder.isTypeSupported(type),
): string {
  const supported = CANDIDATES.find((type) => isTypeSupported(type));
  if (!supported) throw new Error('This browser cannot record WebM');
  return supported;
}
