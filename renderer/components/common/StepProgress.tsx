import type { CheckStep } from '../../../shared/steps';
import type { CheckOutcome } from '../../checks/check-result';
import { t } from '../../i18n/messages';

/** The flow's steps with their state in words (not colour alone); the current one is marked for assistive technology. */
export function StepProgress({
  plan,
  index,
  outcomes,
}: {
  plan: CheckStep[];
  index: number;
  outcomes: Partial<Record<CheckStep, CheckOutcome>>;
}) {
  return (
    <ol className="progress">
      {plan.map((step, position) => {
        const verdict = outcomes[step]?.verdict;
        const state =
          position === index
            ? 'current'
            : verdict === 'passed'
              ? 'passed'
              : verdict === 'failed'
                ? 'failed'
                : 'upcoming';
        return (
          <li
            key={step}
            className={`progress__item progress__item--${state}`}
            aria-current={position === index ? 'step' : undefined}
          >
            <span className="progress__marker" aria-hidden="true">
              {state === 'passed' ? '✓' : state === 'failed' ? '!' : position + 1}
            </span>
            <span className="progress__label">{t(`step.${step}`)}</span>
            {(state === 'passed' || state === 'failed') && (
              <span className="sr-only">: {t(state === 'passed' ? 'verdict.passed' : 'verdict.failed')}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
