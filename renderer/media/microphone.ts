/** The microphone's level, read from an AnalyserNode a few times a second. */
import { rmsDbfs } from '../checks/microphone-rules';

export interface LevelMonitor {
  stop(): void;
}

export const LEVEL_INTERVAL_MS = 50;

export async function monitorMicrophone(onLevel: (levelDb: number, intervalMs: number) => void): Promise<LevelMonitor> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    video: false,
  });
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(rmsDbfs(samples), LEVEL_INTERVAL_MS);
  }, LEVEL_INTERVAL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
      void context.close();
    },
  };
}
