/**
 * The renderer's handle on the face worker: starts it on the chosen backend, sends frames, and
 * matches answers to requests. Checks and proctoring share one engine (getFaceEngine).
 */
import { chooseBackend, hasHardwareGpu } from './backend-choice';
import type {
  BackendReport,
  FaceBackend,
  FaceMode,
  FaceProfile,
  FaceWorkerRequest,
  FaceWorkerResponse,
  FrameAnalysis,
} from './face-protocol';

export interface FaceEngine {
  readonly backend: BackendReport;
  readonly loadMs: number;
  readonly warmupMs: number | null;
  /** Analyses a frame; the bitmap is transferred to the worker (and closed there). */
  analyze(frame: ImageBitmap, mode: FaceMode, options?: { snapshot?: boolean }): Promise<FrameAnalysis>;
  /** Human's `match.similarity` of `probe` against each reference. */
  similarity(probe: number[], references: number[][]): Promise<number[]>;
  dispose(): void;
}

export interface FaceEngineOptions {
  /** `auto`: wasm, unless a hardware GPU exists and WebGL's warm-up is faster. */
  backend?: FaceBackend | 'auto';
  profile?: FaceProfile;
  /** Where the models and wasm files are served; defaults to the app's own origin. */
  modelBaseUrl?: string;
  wasmBaseUrl?: string;
  /** Supplies a camera frame to warm up with (and to time backends by). */
  warmupFrame?: () => Promise<ImageBitmap>;
  /** Overridable for tests and the benchmark. */
  createWorker?: () => Worker;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./face-worker.ts', import.meta.url), { type: 'module', name: 'vigil-face' });
}

class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (response: FaceWorkerResponse) => void; reject: (error: Error) => void }
  >();

  constructor(readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<FaceWorkerResponse>) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      if (event.data.type === 'error') waiting.reject(new Error(event.data.message));
      else waiting.resolve(event.data);
    };
    worker.onerror = (event) => {
      const error = new Error(`The face worker failed: ${event.message || 'unknown error'}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  request(message: DistributiveOmit<FaceWorkerRequest, 'id'>, transfer: Transferable[]): Promise<FaceWorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error('The face engine was stopped'));
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function startOn(backend: FaceBackend, options: FaceEngineOptions): Promise<FaceEngine> {
  const client = new WorkerClient((options.createWorker ?? defaultWorker)());
  const warmupFrame = options.warmupFrame ? await options.warmupFrame() : undefined;
  const ready = await client
    .request(
      {
        type: 'init',
        backend,
        profile: options.profile ?? 'vigil',
        modelBaseUrl: options.modelBaseUrl ?? new URL('models/', document.baseURI).href,
        wasmBaseUrl: options.wasmBaseUrl ?? new URL('wasm/', document.baseURI).href,
        warmupFrame,
      },
      warmupFrame ? [warmupFrame] : [],
    )
    .catch((error: unknown) => {
      client.terminate();
      throw error;
    });
  if (ready.type !== 'ready') throw new Error('The face worker did not start');
  return {
    backend: ready.backend,
    loadMs: ready.loadMs,
    warmupMs: ready.warmupMs,
    analyze: async (frame, mode, analyzeOptions) => {
      const response = await client.request({ type: 'analyze', mode, frame, snapshot: analyzeOptions?.snapshot }, [
        frame,
      ]);
      if (response.type !== 'analysis') throw new Error('Unexpected answer from the face worker');
      return response.analysis;
    },
    similarity: async (probe, references) => {
      const response = await client.request({ type: 'similarity', probe, references }, []);
      if (response.type !== 'similarities') throw new Error('Unexpected answer from the face worker');
      return response.values;
    },
    dispose: () => client.terminate(),
  };
}

/**
 * Starts an engine. Without a hardware GPU it is wasm (WebGL on a software renderer is ~20× slower);
 * with one, both backends warm up on the same frame and the faster one is kept.
 */
export async function startFaceEngine(options: FaceEngineOptions = {}): Promise<FaceEngine> {
  const wanted = options.backend ?? 'auto';
  if (wanted !== 'auto') return startOn(wanted, options);
  if (!hasHardwareGpu()) return startOn('wasm', options);
  // One after the other: two model loads at once would distort both timings.
  const started: FaceEngine[] = [];
  for (const backend of ['webgl', 'wasm'] as const) {
    const engine = await startOn(backend, options).catch(() => null);
    if (engine) started.push(engine);
  }
  const chosen = chooseBackend(started.map((engine) => ({ backend: engine.backend, warmupMs: engine.warmupMs })));
  const keep = started.find((engine) => engine.backend.requested === chosen) ?? started[0];
  if (!keep) throw new Error('No face backend could start');
  for (const engine of started) if (engine !== keep) engine.dispose();
  return keep;
}

let shared: Promise<FaceEngine> | null = null;

/** The one engine the checks and proctoring share (loading the models twice would cost seconds and memory). */
export function getFaceEngine(options?: FaceEngineOptions): Promise<FaceEngine> {
  shared ??= startFaceEngine(options).catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}
