/** FINISH: every check of the flow with its verdict, what failed, and how to fix it. */
import type { CheckFlow, CheckStep } from '../../shared/steps';
import type { MessageKey, MessageParams } from '../i18n/messages';
import type { CheckOutcome } from './check-result';
import type { ComputerCheck } from './computer-rules';

export interface SummaryRow {
  id: string;
  label: MessageKey;
  verdict: CheckOutcome['verdict'] | 'not-run';
  reason: MessageKey | null;
  fix: MessageKey | null;
  /** What was measured (computer checks). */
  value?: { key: MessageKey; params?: MessageParams };
}

export interface FlowSummary {
  flow: CheckFlow;
  allPassed: boolean;
  failedCount: number;
  rows: SummaryRow[];
}

export function stepLabel(step: CheckStep): MessageKey {
  return `step.${step}` as MessageKey;
}

export function summarise(
  flow: CheckFlow,
  plan: readonly CheckStep[],
  outcomes: Partial<Record<CheckStep, CheckOutcome>>,
  computer: readonly ComputerCheck[] = [],
): FlowSummary {
  const rows: SummaryRow[] = plan
    .filter((step) => step !== 'START' && step !== 'FINISH')
    .map((step) => {
      const outcome = outcomes[step];
      return {
        id: step,
        label: stepLabel(step),
        verdict: outcome ? outcome.verdict : 'not-run',
        reason: outcome?.reason ?? null,
        fix: outcome?.fix ?? null,
      };
    });
  for (const check of computer) {
    rows.push({
      id: check.id,
      label: check.label,
      verdict: check.outcome.verdict,
      reason: check.outcome.reason,
      fix: check.outcome.fix,
      value: check.value,
    });
  }
  const failedCount = rows.filter((row) => row.verdict !== 'passed').length;
  return { flow, allPassed: failedCount === 0, failedCount, rows };
}
