/**
 * MICROPHONE: passes once speech-level sound has been heard for long enough. Levels are RMS in dBFS
 * (0 = full scale); quiet rooms sit near -60 dBFS, conversational speech at a laptop mic around -30.
 */
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const MICROPHONE_RULES = {
  /** RMS at or above this counts as speech-level sound. */
  speechLevelDb: -42,
  /** Total time above the speech level needed to pass (a cough or a click is shorter). */
  speechMs: 300,
  /** Below this peak the microphone is effectively silent (muted, wrong device). */
  silenceDb: -70,
  /** How long to listen before failing. */
  listenMs: 15_000,
} as const;

/** RMS level of time-domain samples (-1…1) in dBFS; -Infinity for digital silence. */
export function rmsDbfs(samples: Float32Array): number {
  if (samples.length === 0) return -Infinity;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  return rms === 0 ? -Infinity : 20 * Math.log10(rms);
}

/** 0–1 for a level meter: -70 dBFS and below is empty, -10 dBFS and above is full. */
export function meterFraction(levelDb: number): number {
  if (!Number.isFinite(levelDb)) return 0;
  return Math.min(1, Math.max(0, (levelDb + 70) / 60));
}

export interface MicrophoneListening {
  /** Time spent above the speech level so far. */
  speechMs: number;
  peakDb: number;
  elapsedMs: number;
}

export const silentStart: MicrophoneListening = { speechMs: 0, peakDb: -Infinity, elapsedMs: 0 };

/** Folds one level reading (taken `intervalMs` after the previous one) into the listening state. */
export function addLevel(state: MicrophoneListening, levelDb: number, intervalMs: number): MicrophoneListening {
  return {
    speechMs: state.speechMs + (levelDb >= MICROPHONE_RULES.speechLevelDb ? intervalMs : 0),
    peakDb: Math.max(state.peakDb, levelDb),
    elapsedMs: state.elapsedMs + intervalMs,
  };
}

export function evaluateMicrophone(
  state: MicrophoneListening | null,
  error: 'denied' | 'not-found' | 'failed' | null,
): CheckOutcome {
  if (error === 'denied') return failed('mic.denied', 'mic.fix.permission');
  if (error === 'not-found') return failed('mic.notFound', 'mic.fix.connect');
  if (error) return failed('mic.failed', 'mic.fix.connect');
  if (!state) return pending('mic.starting');
  const details = { peakDb: roundDb(state.peakDb), speechMs: state.speechMs };
  if (state.speechMs >= MICROPHONE_RULES.speechMs) return passed(details);
  if (state.elapsedMs < MICROPHONE_RULES.listenMs) return pending('mic.speakNow', details);
  if (state.peakDb < MICROPHONE_RULES.silenceDb) return failed('mic.silent', 'mic.fix.unmute', details);
  return failed('mic.tooQuiet', 'mic.fix.closer', details);
}

function roundDb(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
}
