/**
 * SPEAKERS: the app plays a few spoken digits (bundled audio) and the candidate types them back.
 * Only someone who heard them can answer, so sound provably reaches the candidate.
 */
import { failed, passed, pending, type CheckOutcome } from './check-result';

export const SPEAKER_RULES = {
  digitCount: 4,
  maxAttempts: 3,
} as const;

/** Random digits, no digit twice in a row (a repeated digit is easy to miss when heard). */
export function pickDigits(random: () => number, count: number = SPEAKER_RULES.digitCount): number[] {
  const digits: number[] = [];
  while (digits.length < count) {
    const digit = Math.min(9, Math.floor(random() * 10));
    if (digit !== digits[digits.length - 1]) digits.push(digit);
  }
  return digits;
}

/** Only the digits of what was typed count: "4 7-1 9" is "4719". */
export function normaliseAnswer(typed: string): string {
  return typed.replace(/\D/g, '');
}

export function isCorrectAnswer(expected: readonly number[], typed: string): boolean {
  return normaliseAnswer(typed) === expected.join('');
}

export interface SpeakerAttempts {
  attempts: number;
  correct: boolean;
  playbackFailed: boolean;
}

export function evaluateSpeakers(state: SpeakerAttempts): CheckOutcome {
  const details = { attempts: state.attempts };
  if (state.correct) return passed(details);
  if (state.playbackFailed) return failed('speakers.playbackFailed', 'speakers.fix.output', details);
  if (state.attempts >= SPEAKER_RULES.maxAttempts)
    return failed('speakers.wrongTooOften', 'speakers.fix.volume', details);
  return pending(state.attempts === 0 ? 'speakers.listen' : 'speakers.tryAgain', details);
}
