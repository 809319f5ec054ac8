/**
 * The renderer's Content-Security-Policy, sent as a header with every app:// response.
 * 'wasm-unsafe-eval': Human's tfjs wasm backend compiles WebAssembly; without it Human silently falls
 * back to a backend about 20× slower. blob: workers and media: the proctoring worker and MediaRecorder.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "media-src 'self' blob: mediastream:",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
