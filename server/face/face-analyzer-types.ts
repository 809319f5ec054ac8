/**
 * What the service needs from face recognition. The implementation (server/face/face-analyzer.ts,
 * Human's Node build) is the identity work's; the routes only see this interface.
 */
export interface FaceDescription {
  /** Faces found with enough confidence to count. */
  faces: number;
  /** The face's embedding when exactly one face was found, else null. */
  embedding: number[] | null;
}

export interface FaceAnalyzer {
  describe(images: Uint8Array[]): Promise<FaceDescription[]>;
  /** Similarity of two embeddings, 0–1 (Human's `match.similarity`). */
  similarity(a: number[], b: number[]): number;
}
