// Regenerates the spoken digits the SPEAKERS check plays (assets/audio/digit-<n>.ogg, committed: ~50 KB in all).
// Needs Debian's espeak-ng and sox (`apt-get install -y espeak-ng sox libsox-fmt-all`); the build does not run it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const audioDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'audio');
mkdirSync(audioDir, { recursive: true });
const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

let total = 0;
words.forEach((word, digit) => {
  const wav = join(audioDir, `digit-${digit}.wav`);
  const ogg = join(audioDir, `digit-${digit}.ogg`);
  // A slow, clear voice; silence trimmed at both ends so digits can be chained with our own pauses.
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '130', '-w', wav, word]);
  execFileSync('sox', [
    wav,
    '-r',
    '22050',
    '-c',
    '1',
    '-C',
    '0',
    ogg,
    'silence',
    '1',
    '0.02',
    '0.5%',
    'reverse',
    'silence',
    '1',
    '0.02',
    '0.5%',
    'reverse',
    'norm',
    '-3',
  ]);
  rmSync(wav);
  total += statSync(ogg).size;
});
console.log(`Wrote ${words.length} digits to ${audioDir} (${(total / 1024).toFixed(0)} KB)`);
