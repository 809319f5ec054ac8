/**
 * The build's mode, fixed at build time: `electron-vite build --mode test` makes the Playwright build,
 * the only one that accepts the debugging switches Playwright launches Electron with.
 */
export const BUILD_MODE: string = import.meta.env.MODE;
export const IS_TEST_BUILD = BUILD_MODE === 'test';
/** The service URL fixed at build time (`MAIN_VITE_VIGIL_SERVICE_URL=https://… npm run build`), if any. */
export const BUILT_IN_SERVICE_URL: string | undefined = import.meta.env.MAIN_VITE_VIGIL_SERVICE_URL || undefined;
/**
 * The service's Ed25519 public key(s) this build pins (`MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY=<base64>[,<base64>]`,
 * from `npm run -s service -- response-key`): every answer to the session key must then be signed by one.
 * Fixed in the signed build, so a candidate cannot unset it as they could an environment variable.
 */
export const BUILT_IN_SERVICE_PUBLIC_KEYS: readonly string[] = (
  import.meta.env.MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY ?? ''
)
  .split(',')
  .map((key) => key.trim())
  .filter((key) => key !== '');
