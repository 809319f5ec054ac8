/**
 * The live proctoring loop: presence (detection only) several times a second, identity (detection
 * + embedding, compared with the enrolment) every few seconds, one frame in flight at a time on the
 * shared face worker. Its pacing is the CPU budget: a presence check costs a few tens of
 * milliseconds on wasm, an identity check a few hundred, so 4 presence checks a second and one
 * identity check every 4 s keep the worker under half of one core (bench/proctoring-bench.ts measures it).
 */
import { grabFrame } from '../media/camera';
import type { FaceEngine } from '../face/face-engine';
import type { FaceMode } from '../face/face-protocol';
import type { IdentityDisplay, PresenceDisplay, ProctoringIncident, ProctoringRules } from './proctoring-rules';

export interface ProctoringPacing {
  /** Time between presence checks (start to start). */
  presenceIntervalMs: number;
  /** Time between identity checks; one replaces a presence check (it detects faces too). */
  identityIntervalMs: number;
}

export const DEFAULT_PACING: ProctoringPacing = { presenceIntervalMs: 250, identityIntervalMs: 4000 };

export interface ProctoringStatus {
  presence: PresenceDisplay;
  identity: IdentityDisplay;
  presenceChecks: number;
  identityChecks: number;
}

export interface ProctoringLoopOptions {
  video: HTMLVideoElement;
  engine: FaceEngine;
  rules: ProctoringRules;
  /** The enrolment embedding from the identity check; without one, only presence is watched. */
  enrolment: number[] | null;
  pacing?: Partial<ProctoringPacing>;
  onIncident(incident: ProctoringIncident): void;
  onStatus(status: ProctoringStatus): void;
  onError?(error: unknown): void;
  now?: () => number;
}

export class ProctoringLoop {
  private running = false;
  private finished: Promise<void> = Promise.resolve();
  private presenceChecks = 0;
  private identityChecks = 0;
  private lastIdentityAt = Number.NEGATIVE_INFINITY;
  private wake: (() => void) | null = null;
  private readonly pacing: ProctoringPacing;
  private readonly now: () => number;

  constructor(private readonly options: ProctoringLoopOptions) {
    this.pacing = { ...DEFAULT_PACING, ...options.pacing };
    this.now = options.now ?? (() => Date.now());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.finished = this.run().catch((error: unknown) => {
      this.running = false;
      this.options.onError?.(error);
    });
  }

  /** Stops after the frame in flight; an absence still going on is reported. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.finished;
    for (const incident of this.options.rules.flush(this.now())) this.options.onIncident(incident);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = this.now();
      const mode: FaceMode =
        this.options.enrolment && started - this.lastIdentityAt >= this.pacing.identityIntervalMs
          ? 'identity'
          : 'presence';
      const frame = await grabFrame(this.options.video);
      if (!this.running) {
        frame.close();
        break;
      }
      const analysis = await this.options.engine.analyze(frame, mode);
      if (!this.running) break;
      const incidents = this.options.rules.presence(analysis.faces.length, started);
      this.presenceChecks += 1;
      if (mode === 'identity') {
        this.lastIdentityAt = started;
        this.identityChecks += 1;
        const embedding = analysis.faces.length === 1 ? analysis.faces[0]?.embedding : null;
        let similarity: number | null = null;
        if (embedding && this.options.enrolment) {
          [similarity = null] = await this.options.engine.similarity(embedding, [this.options.enrolment]);
        }
        incidents.push(...this.options.rules.identity(similarity, started));
      }
      for (const incident of incidents) this.options.onIncident(incident);
      this.options.onStatus({
        presence: this.options.rules.presenceDisplay,
        identity: this.options.rules.identityDisplay,
        presenceChecks: this.presenceChecks,
        identityChecks: this.identityChecks,
      });
      const wait = this.pacing.presenceIntervalMs - (this.now() - started);
      if (wait > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
