import { useRef, useState, type FormEvent } from 'react';
import { settleStep } from '../../actions/check-actions';
import { evaluateSpeakers, isCorrectAnswer, pickDigits, SPEAKER_RULES } from '../../checks/speakers-rules';
import { t } from '../../i18n/messages';
import { playDigits } from '../../media/digit-playback';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useStepOutcome } from './use-step-outcome';

/** SPEAKERS: spoken digits (bundled audio) that the candidate types back. */
export function SpeakersStep() {
  const outcome = useStepOutcome('system', 'SPEAKERS');
  const digits = useRef<number[]>(pickDigits(Math.random));
  const [answer, setAnswer] = useState('');
  const [attempts, setAttempts] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [played, setPlayed] = useState(false);

  const play = async () => {
    setPlaying(true);
    try {
      await playDigits(digits.current);
      setPlayed(true);
    } catch {
      await settleStep('system', 'SPEAKERS', evaluateSpeakers({ attempts, correct: false, playbackFailed: true }));
    } finally {
      setPlaying(false);
    }
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    const correct = isCorrectAnswer(digits.current, answer);
    const next = attempts + 1;
    setAttempts(next);
    const result = evaluateSpeakers({ attempts: next, correct, playbackFailed: false });
    if (!correct && result.verdict === 'pending') {
      // A new set of digits, so a wrong guess cannot be corrected by elimination.
      digits.current = pickDigits(Math.random);
      setAnswer('');
      setPlayed(false);
    }
    await settleStep('system', 'SPEAKERS', result);
  };

  const restart = () => {
    digits.current = pickDigits(Math.random);
    setAttempts(0);
    setAnswer('');
    setPlayed(false);
    void settleStep('system', 'SPEAKERS', evaluateSpeakers({ attempts: 0, correct: false, playbackFailed: false }));
  };

  const decided = outcome !== undefined && outcome.verdict !== 'pending';
  const left = SPEAKER_RULES.maxAttempts - attempts;
  const status = playing
    ? t('speakers.playing')
    : outcome?.verdict === 'passed'
      ? t('speakers.passed')
      : outcome?.reason && (outcome.verdict === 'failed' || outcome.reason === 'speakers.tryAgain')
        ? t(outcome.reason, { left })
        : played
          ? t('speakers.typeDigits')
          : t('speakers.listen');

  return (
    <StepLayout
      title={t('step.SPEAKERS')}
      instructions={t('speakers.instructions')}
      actions={<StepActions flow="system" outcome={outcome} />}
    >
      <div className="inline-actions">
        <button type="button" className="button" onClick={() => void play()} disabled={playing || decided}>
          {played ? t('speakers.playAgain') : t('speakers.play')}
        </button>
      </div>
      <form className="form" onSubmit={(event) => void check(event)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor="digits">
            {t('speakers.answerLabel')}
          </label>
          <div className="field__row">
            <input
              id="digits"
              className="field__input field__input--digits"
              name="digits"
              inputMode="numeric"
              autoComplete="off"
              value={answer}
              onChange={(event) => setAnswer(event.target.value)}
              disabled={decided}
              aria-describedby="digits-hint"
            />
            <button type="submit" className="button" disabled={decided || !played || answer.trim() === ''}>
              {t('speakers.submit')}
            </button>
          </div>
          <span id="digits-hint" className="field__hint">
            {t('speakers.answerHint', { count: SPEAKER_RULES.digitCount })}
          </span>
        </div>
      </form>
      <StatusLine tone={playing ? 'info' : (outcome?.verdict ?? 'info')} text={status} />
      <RetryPanel outcome={outcome} onRetry={restart} />
    </StepLayout>
  );
}
