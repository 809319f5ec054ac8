/** Loads the FaceAnalyzer on first use: its models are heavy and most requests never need them. */
import type { FaceAnalyzer } from './face-analyzer-types';

export function lazyFaceAnalyzer(given?: FaceAnalyzer): () => Promise<FaceAnalyzer> {
  let loading: Promise<FaceAnalyzer> | undefined = given ? Promise.resolve(given) : undefined;
  return () => {
    loading ??= import('./face-analyzer')
      .then((module) => module.createFaceAnalyzer())
      .catch((error: unknown) => {
        // Let a later request try again rather than caching the failure.
        loading = undefined;
        throw error;
      });
    return loading;
  };
}
