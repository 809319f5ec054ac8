/**
 * Loads the FaceAnalyzer on first use: its models are heavy and most requests never need them.
 * The specifier is a variable so this compiles before face-analyzer.ts exists.
 */
import type { FaceAnalyzer, FaceAnalyzerModule } from './face-analyzer-types';

const FACE_ANALYZER_MODULE = './face-analyzer';

export function lazyFaceAnalyzer(given?: FaceAnalyzer): () => Promise<FaceAnalyzer> {
  let loading: Promise<FaceAnalyzer> | undefined = given ? Promise.resolve(given) : undefined;
  return () => {
    loading ??= (async () => {
      const module = (await import(/* @vite-ignore */ FACE_ANALYZER_MODULE)) as FaceAnalyzerModule;
      return module.createFaceAnalyzer();
    })().catch((error: unknown) => {
      // Let a later request try again rather than caching the failure.
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
