/**
 * Runs frames from a <video> through the face engine while `enabled`: one frame in flight at a
 * time (the next is grabbed when the previous answer arrives), at most one every `minIntervalMs`.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { grabFrame } from '../media/camera';
import { getFaceEngine } from './face-engine';
import type { FaceMode, FrameAnalysis } from './face-protocol';
import { sleep } from '../../shared/retry/sleep';

export interface FaceLoopOptions {
  mode: FaceMode;
  enabled: boolean;
  snapshot?: boolean;
  minIntervalMs?: number;
  /** The engine failed mid-run (the loop stops). */
  onError?: (error: unknown) => void;
}

export function useFaceLoop(
  video: RefObject<HTMLVideoElement | null>,
  options: FaceLoopOptions,
  onAnalysis: (analysis: FrameAnalysis) => void | Promise<void>,
): void {
  const callback = useRef(onAnalysis);
  const errorCallback = useRef(options.onError);
  useEffect(() => {
    callback.current = onAnalysis;
    errorCallback.current = options.onError;
  });
  const { mode, enabled, snapshot = false, minIntervalMs = 0 } = options;

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const run = async () => {
      const engine = await getFaceEngine();
      while (!stopped) {
        const element = video.current;
        if (!element) break;
        const started = performance.now();
        const frame = await grabFrame(element);
        if (stopped) {
          frame.close();
          break;
        }
        const analysis = await engine.analyze(frame, mode, { snapshot });
        if (stopped) break;
        await callback.current(analysis);
        const wait = minIntervalMs - (performance.now() - started);
        if (wait > 0) await sleep(wait);
      }
    };
    run().catch((error: unknown) => {
      if (!stopped) errorCallback.current?.(error);
    });
    return () => {
      stopped = true;
    };
  }, [video, mode, enabled, snapshot, minIntervalMs]);
}
