/**
 * The build's mode, fixed at build time: `electron-vite build --mode test` makes the Playwright build,
 * the only one that accepts the debugging switches Playwright launches Electron with.
 */
export const BUILD_MODE: string = import.meta.env.MODE;
export const IS_TEST_BUILD = BUILD_MODE === 'test';
/** The service URL fixed at build time (`MAIN_VITE_VIGIL_SERVICE_URL=https://… npm run build`), if any. */
export const BUILT_IN_SERVICE_URL: string | undefined = import.meta.env.MAIN_VITE_VIGIL_SERVICE_URL || undefined;
