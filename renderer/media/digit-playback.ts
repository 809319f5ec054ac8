/** Plays the bundled spoken digits (assets/audio/digit-<n>.ogg) one after another. */
import { sleep } from '../../shared/retry/sleep';

const PAUSE_MS = 350;

function playOne(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const audio = new Audio(url);
    audio.addEventListener('ended', () => resolve(), { once: true });
    audio.addEventListener('error', () => reject(new Error(`Could not play ${url}`)), { once: true });
    audio.play().catch(reject);
  });
}

export async function playDigits(digits: readonly number[]): Promise<void> {
  for (const [index, digit] of digits.entries()) {
    if (index > 0) await sleep(PAUSE_MS);
    await playOne(new URL(`audio/digit-${digit}.ogg`, document.baseURI).href);
  }
}
