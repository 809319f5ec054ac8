/**
 * The face worker: Human runs here, off the UI thread. One request at a time, in arrival order.
 * Speaks the protocol in face-protocol.ts.
 */
import { Human, type FaceResult } from '@vladmandic/human';
import { FACE_BOX_SCORE_MIN } from '../../shared/face/face-thresholds';
import type {
  BackendReport,
  FaceObservation,
  FaceWorkerAnalyze,
  FaceWorkerInit,
  FaceWorkerRequest,
  FaceWorkerResponse,
  FaceWorkerSimilarity,
  FrameAnalysis,
} from './face-protocol';
import { QUALITY_SAMPLE_SIZE, measureRegion } from './frame-quality';
import { humanDefaultConfig, modeConfig, vigilHumanConfig } from './human-config';

interface WorkerScope {
  onmessage: ((event: MessageEvent<FaceWorkerRequest>) => void) | null;
  postMessage(message: FaceWorkerResponse, transfer?: Transferable[]): void;
}
/** The slice of tfjs this worker uses (Human types `human.tf` as any). */
interface TfHandle {
  getBackend(): string;
}

const scope = self as unknown as WorkerScope;
let human: Human | null = null;
let profile: FaceWorkerInit['profile'] = 'vigil';
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(() => handle(request));
};

async function handle(request: FaceWorkerRequest): Promise<void> {
  try {
    if (request.type === 'init') await init(request);
    else if (request.type === 'analyze') await analyze(request);
    else similarity(request);
  } catch (error) {
    scope.postMessage({
      type: 'error',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    });
  } finally {
    if (request.type === 'analyze') request.frame.close();
    if (request.type === 'init') request.warmupFrame?.close();
  }
}

async function init(request: FaceWorkerInit): Promise<void> {
  const started = performance.now();
  profile = request.profile;
  const paths = { modelBaseUrl: request.modelBaseUrl, wasmBaseUrl: request.wasmBaseUrl };
  const config =
    request.profile === 'human-default'
      ? humanDefaultConfig(request.backend, paths)
      : vigilHumanConfig(request.backend, paths);
  human = new Human(config);
  await human.load();
  const tf = human.tf as TfHandle;
  const actual = tf.getBackend();
  const backend: BackendReport = {
    requested: request.backend,
    actual,
    fellBack: actual !== request.backend,
    simd: actual === 'wasm' ? (human.env.wasm.simd ?? null) : null,
    threads: actual === 'wasm' ? (human.env.wasm.multithread ?? null) : null,
  };
  const loadMs = performance.now() - started;
  let warmupMs: number | null = null;
  if (request.warmupFrame) {
    // The first call compiles kernels (shaders on WebGL); the second is the steady-state cost we compare.
    await human.detect(request.warmupFrame, profile === 'vigil' ? modeConfig('identity') : undefined);
    const warm = performance.now();
    await human.detect(request.warmupFrame, profile === 'vigil' ? modeConfig('identity') : undefined);
    warmupMs = performance.now() - warm;
  }
  scope.postMessage({ type: 'ready', id: request.id, backend, loadMs, warmupMs });
}

async function analyze(request: FaceWorkerAnalyze): Promise<void> {
  if (!human) throw new Error('The face worker was not initialised');
  const started = performance.now();
  const frame = request.frame;
  const result = await human.detect(frame, profile === 'vigil' ? modeConfig(request.mode) : undefined);
  const detectMs = performance.now() - started;
  const counted = result.face.filter((face) => face.boxScore >= FACE_BOX_SCORE_MIN);
  const discardedBoxScores = result.face
    .filter((face) => face.boxScore < FACE_BOX_SCORE_MIN)
    .map((face) => face.boxScore);
  const faces = counted.map((face) => observe(face, frame)).sort((a, b) => b.box.width - a.box.width);
  const snapshot = request.snapshot ? await encodeJpeg(frame) : null;
  const analysis: FrameAnalysis = {
    mode: request.mode,
    width: frame.width,
    height: frame.height,
    faces,
    discardedBoxScores,
    frameLuma: measure(frame, 0, 0, frame.width, frame.height, 64).luma,
    timings: { detectMs, totalMs: performance.now() - started },
    snapshot,
  };
  scope.postMessage({ type: 'analysis', id: request.id, analysis }, snapshot ? [snapshot.buffer] : []);
}

function similarity(request: FaceWorkerSimilarity): void {
  if (!human) throw new Error('The face worker was not initialised');
  const engine = human;
  const values = request.references.map((reference) => engine.match.similarity(request.probe, reference));
  scope.postMessage({ type: 'similarities', id: request.id, values });
}

const RADIANS_TO_DEGREES = 180 / Math.PI;

function observe(face: FaceResult, frame: ImageBitmap): FaceObservation {
  const [x, y, width, height] = face.box;
  const angle = face.rotation?.angle;
  const quality = measure(frame, x, y, width, height, QUALITY_SAMPLE_SIZE);
  return {
    boxScore: face.boxScore,
    faceScore: face.mesh && face.mesh.length > 0 ? face.faceScore : null,
    box: { x, y, width, height },
    angles: angle
      ? {
          yawDegrees: angle.yaw * RADIANS_TO_DEGREES,
          pitchDegrees: angle.pitch * RADIANS_TO_DEGREES,
          rollDegrees: angle.roll * RADIANS_TO_DEGREES,
        }
      : null,
    embedding: face.embedding && face.embedding.length > 0 ? Array.from(face.embedding) : null,
    real: face.real ?? null,
    live: face.live ?? null,
    luma: quality.luma,
    sharpness: quality.sharpness,
  };
}

let sampleCanvas: OffscreenCanvas | null = null;

/** Scales a region of the frame to a small square and measures its light and sharpness. */
function measure(frame: ImageBitmap, x: number, y: number, width: number, height: number, size: number) {
  const left = Math.max(0, Math.floor(x));
  const top = Math.max(0, Math.floor(y));
  const w = Math.max(1, Math.min(frame.width - left, Math.ceil(width)));
  const h = Math.max(1, Math.min(frame.height - top, Math.ceil(height)));
  sampleCanvas ??= new OffscreenCanvas(size, size);
  if (sampleCanvas.width !== size) {
    sampleCanvas.width = size;
    sampleCanvas.height = size;
  }
  const context = sampleCanvas.getContext('2d', { willReadFrequently: true });
  if (!context) return { luma: 0, sharpness: 0 };
  context.drawImage(frame, left, top, w, h, 0, 0, size, size);
  return measureRegion(context.getImageData(0, 0, size, size).data, size, size);
}

async function encodeJpeg(frame: ImageBitmap): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in the face worker');
  context.drawImage(frame, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  return new Uint8Array(await blob.arrayBuffer());
}
