/** What electron-vite substitutes at build time in the main process (`--mode test` for the Playwright build). */
interface ImportMetaEnv {
  readonly MODE: string;
  readonly DEV: boolean;
  readonly PROD: boolean;
  /** electron-vite exposes MAIN_VITE_* variables to the main process at build time. */
  readonly MAIN_VITE_VIGIL_SERVICE_URL?: string;
  /** The service's Ed25519 public key(s), base64, comma-separated: see main/build-mode.ts. */
  readonly MAIN_VITE_VIGIL_SERVICE_PUBLIC_KEY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
