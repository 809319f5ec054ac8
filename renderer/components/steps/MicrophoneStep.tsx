import { useEffect, useState } from 'react';
import { settleStep } from '../../actions/check-actions';
import {
  addLevel,
  evaluateMicrophone,
  meterFraction,
  MICROPHONE_RULES,
  silentStart,
} from '../../checks/microphone-rules';
import { t } from '../../i18n/messages';
import { classifyMediaError } from '../../media/media-errors';
import { monitorMicrophone, type LevelMonitor } from '../../media/microphone';
import { LevelMeter } from '../common/LevelMeter';
import { RetryPanel } from '../common/RetryPanel';
import { StatusLine } from '../common/StatusLine';
import { StepLayout } from '../common/StepLayout';
import { StepActions } from './StepActions';
import { useStepOutcome } from './use-step-outcome';

/** MICROPHONE: a live level meter; passes when speech-level sound is heard. */
export function MicrophoneStep() {
  const outcome = useStepOutcome('system', 'MICROPHONE');
  const [level, setLevel] = useState(-Infinity);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stopped = false;
    let decided = false;
    let monitor: LevelMonitor | null = null;
    let listening = silentStart;
    let lastReason: string | null = null;
    void settleStep('system', 'MICROPHONE', evaluateMicrophone(null, null));
    monitorMicrophone((levelDb, intervalMs) => {
      if (stopped) return;
      setLevel(levelDb);
      if (decided) return;
      listening = addLevel(listening, levelDb, intervalMs);
      const result = evaluateMicrophone(listening, null);
      // The meter keeps moving after a pass: the candidate sees their microphone is still live.
      if (result.verdict !== 'pending' || result.reason !== lastReason) {
        lastReason = result.reason;
        decided = result.verdict !== 'pending';
        void settleStep('system', 'MICROPHONE', result);
      }
    })
      .then((started) => {
        if (stopped) started.stop();
        else monitor = started;
      })
      .catch((error: unknown) => {
        const kind = classifyMediaError(error);
        void settleStep('system', 'MICROPHONE', evaluateMicrophone(null, kind === 'in-use' ? 'failed' : kind));
      });
    return () => {
      stopped = true;
      monitor?.stop();
    };
  }, [attempt]);

  const tone = outcome?.verdict ?? 'pending';
  const status =
    outcome?.verdict === 'passed' ? t('mic.passed') : outcome?.reason ? t(outcome.reason) : t('mic.starting');
  const threshold = meterFraction(MICROPHONE_RULES.speechLevelDb);

  return (
    <StepLayout
      title={t('step.MICROPHONE')}
      instructions={t('mic.instructions')}
      actions={<StepActions flow="system" outcome={outcome} />}
    >
      <LevelMeter value={meterFraction(level)} threshold={threshold} label={t('mic.level')} />
      <StatusLine tone={tone} text={status} />
      <RetryPanel outcome={outcome} onRetry={() => setAttempt((n) => n + 1)} />
    </StepLayout>
  );
}
