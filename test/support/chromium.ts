/**
 * Debian's Chromium for end-to-end tests and benchmarks, launched the one way that works on these
 * machines: headless, as root, with every background connection off (the network is closed, so
 * Chromium's own lookups would only fail), and optionally a fake camera playing a fixture video.
 */
export const CHROMIUM_PATH = process.env.VIGIL_CHROMIUM_PATH ?? '/usr/bin/chromium';

const HEADLESS_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumArgsOptions {
  /** Absolute path of an MJPEG file the fake camera plays (looped); also fakes a beeping microphone. */
  camera?: string;
  /** Answer getDisplayMedia with the whole screen, without a picker. */
  screenCapture?: boolean;
}

export function chromiumArgs(options: ChromiumArgsOptions = {}): string[] {
  const args = [...HEADLESS_ARGS];
  if (options.camera) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${options.camera}`,
    );
  }
  if (options.screenCapture) args.push('--auto-select-desktop-capture-source=Entire screen');
  return args;
}
