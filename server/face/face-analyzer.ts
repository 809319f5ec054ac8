/**
 * The service's own face recognition, so it never has to trust the client: Human's Node wasm build
 * with the renderer's models and settings (shared/face/face-pipeline), models read from node_modules,
 * images decoded in pure JavaScript (jpeg-js, pngjs: no native dependencies).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config, Human } from '@vladmandic/human';
import { countFaces } from '../../shared/face/embedding-math';
import { FACE_BOX_SCORE_MIN } from '../../shared/face/face-thresholds';
import { faceModules, IDENTITY_BASE_CONFIG } from '../../shared/face/face-pipeline';
import type { FaceAnalyzer, FaceDescription } from './face-analyzer-types';
import { decodeToRgb, type RgbImage } from './image-decoding';

const require = createRequire(import.meta.url);

/** The slice of tfjs (Human's `tf`, typed as any by Human) this module uses. */
interface TfTensor {
  dispose(): void;
}
interface ModelArtifactsLoader {
  load(): Promise<unknown>;
}
interface TfHandle {
  getBackend(): string;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): TfTensor;
  io: {
    registerLoadRouter(router: (url: string | string[]) => ModelArtifactsLoader | null): void;
    getModelArtifactsForJSON(
      json: unknown,
      loadWeights: (manifest: Array<{ paths: string[]; weights: unknown[] }>) => Promise<[unknown[], ArrayBuffer]>,
    ): Promise<unknown>;
    concatenateArrayBuffers(buffers: ArrayBuffer[]): ArrayBuffer;
  };
}
type HumanConstructor = new (config?: Partial<Config>) => Human;

/** Human's package exports its Node wasm build under a key Node cannot resolve; find it beside the default build. */
function humanDistDir(): string {
  return dirname(require.resolve('@vladmandic/human'));
}

export interface FaceAnalyzerOptions {
  /** Defaults to Human's own models folder in node_modules. */
  modelsDir?: string;
  /** Defaults to @tensorflow/tfjs-backend-wasm's dist folder. */
  wasmDir?: string;
}

let fileRouterRegistered = false;

/**
 * tfjs' loaders in Node fetch over http only: serve `file://` model URLs from disk. The router is
 * process-wide (tfjs keeps one registry), so it is registered once.
 */
function registerFileModelLoader(tf: TfHandle): void {
  if (fileRouterRegistered) return;
  fileRouterRegistered = true;
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    return {
      load: async () => {
        const path = fileURLToPath(url);
        const json: unknown = JSON.parse(await readFile(path, 'utf8'));
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs: unknown[] = [];
          const buffers: ArrayBuffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const file of group.paths) {
              const bytes = await readFile(join(dirname(path), file));
              buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
            }
          }
          return [specs, tf.io.concatenateArrayBuffers(buffers)];
        });
      },
    };
  });
}

export async function createFaceAnalyzer(options: FaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
  const distDir = humanDistDir();
  const { Human: HumanClass } = require(join(distDir, 'human.node-wasm.js')) as { Human: HumanConstructor };
  const modelsDir = options.modelsDir ?? join(distDir, '..', 'models');
  const wasmDir = options.wasmDir ?? dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const human = new HumanClass({
    ...IDENTITY_BASE_CONFIG,
    backend: 'wasm',
    // A directory path with a trailing separator: the wasm loader reads the binary from disk in Node.
    wasmPath: `${wasmDir}/`,
    modelBasePath: pathToFileURL(`${modelsDir}/`).href,
    // What the service needs: the face count and the embedding, computed as the client computes them.
    face: faceModules({ mesh: true, description: true, spoofScores: false }),
  });
  const tf = human.tf as TfHandle;
  registerFileModelLoader(tf);
  await human.load();
  if (tf.getBackend() !== 'wasm') throw new Error(`Human runs on "${tf.getBackend()}" instead of wasm`);

  // One image at a time: Human's state is per instance and wasm runs on one thread anyway.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const describeOne = async (bytes: Uint8Array): Promise<FaceDescription> => {
    let image: RgbImage;
    try {
      image = decodeToRgb(bytes);
    } catch {
      return { faces: 0, embedding: null };
    }
    const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      const result = await human.detect(tensor as unknown as Parameters<Human['detect']>[0]);
      const counted = result.face.filter((face) => face.boxScore >= FACE_BOX_SCORE_MIN);
      const faces = countFaces(result.face.map((face) => face.boxScore));
      const embedding = faces === 1 && counted[0]?.embedding?.length ? Array.from(counted[0].embedding) : null;
      return { faces, embedding };
    } finally {
      tensor.dispose();
    }
  };

  return {
    describe: (images) =>
      serial(async () => {
        const descriptions: FaceDescription[] = [];
        for (const image of images) descriptions.push(await describeOne(image));
        return descriptions;
      }),
    similarity: (a, b) => human.match.similarity(a, b),
  };
}
