/** Builds test/renderer/recording/capture-harness.html (and the renderer code it imports) with Vite. */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { repoRoot } from './fixtures';

export const HARNESS_PAGE = 'capture-harness.html';

export async function buildCaptureHarness(outDir: string): Promise<void> {
  const root = join(repoRoot, 'test', 'renderer', 'recording');
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel: 'silent',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: join(root, HARNESS_PAGE) },
    },
  });
}
