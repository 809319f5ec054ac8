/**
 * A page for bench/proctoring-bench.ts: the real proctoring loop (renderer/proctoring/) on the real
 * face worker and the fake camera, without the rest of the app. `prepare()` enrols from a few camera
 * frames (as the identity check does); `run(ms)` proctors for that long and reports what it did.
 */
import { averageEmbeddings } from '../../../shared/face/embedding-math';
import { examPolicySchema } from '../../../shared/policy';
import { getFaceEngine, type FaceEngine } from '../../../renderer/face/face-engine';
import { acquireCamera, grabFrame } from '../../../renderer/media/camera';
import { ProctoringLoop, type ProctoringStatus } from '../../../renderer/proctoring/proctoring-loop';
import {
  ProctoringRules,
  proctoringThresholds,
  type ProctoringIncident,
} from '../../../renderer/proctoring/proctoring-rules';

export interface ProctoringRunReport {
  presenceChecks: number;
  identityChecks: number;
  incidents: ProctoringIncident[];
  last: ProctoringStatus | null;
  backend: string;
}

declare global {
  interface Window {
    vigilProctoringBench: {
      prepare(): Promise<{ backend: string; enrolled: boolean }>;
      run(durationMs: number): Promise<ProctoringRunReport>;
    };
  }
}

let engine: FaceEngine | null = null;
let video: HTMLVideoElement | null = null;
let enrolment: number[] | null = null;

window.vigilProctoringBench = {
  async prepare() {
    const stream = await acquireCamera();
    video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    engine = await getFaceEngine({ backend: 'wasm' });
    const embeddings: number[][] = [];
    for (let attempt = 0; attempt < 20 && embeddings.length < 6; attempt++) {
      const analysis = await engine.analyze(await grabFrame(video), 'identity');
      const embedding = analysis.faces.length === 1 ? analysis.faces[0]?.embedding : null;
      if (embedding) embeddings.push(embedding);
    }
    enrolment = embeddings.length > 0 ? averageEmbeddings(embeddings) : null;
    return { backend: engine.backend.actual, enrolled: enrolment !== null };
  },
  async run(durationMs) {
    if (!engine || !video) throw new Error('prepare() first');
    const incidents: ProctoringIncident[] = [];
    let last: ProctoringStatus | null = null;
    const loop = new ProctoringLoop({
      video,
      engine,
      enrolment,
      rules: new ProctoringRules(proctoringThresholds(examPolicySchema.parse({}))),
      onIncident: (incident) => incidents.push(incident),
      onStatus: (status) => (last = status),
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    await loop.stop();
    const final = last as ProctoringStatus | null;
    return {
      presenceChecks: final?.presenceChecks ?? 0,
      identityChecks: final?.identityChecks ?? 0,
      incidents,
      last: final,
      backend: engine.backend.actual,
    };
  },
};
