/** What every step's rules return: a verdict, the reason (a message-catalog key) and details for the service. */
import type { MessageKey } from '../i18n/messages';

export type Verdict = 'passed' | 'failed' | 'pending';

export interface CheckOutcome {
  verdict: Verdict;
  /** Why it failed or what to do next; null when there is nothing to say. */
  reason: MessageKey | null;
  /** How to fix it (shown on failure and in the summary); null when there is no fix to suggest. */
  fix: MessageKey | null;
  /** Plain values that go to the service with the step report. */
  details: Record<string, string | number | boolean | null>;
}

export function passed(details: CheckOutcome['details'] = {}): CheckOutcome {
  return { verdict: 'passed', reason: null, fix: null, details };
}

export function failed(
  reason: MessageKey,
  fix: MessageKey | null,
  details: CheckOutcome['details'] = {},
): CheckOutcome {
  return { verdict: 'failed', reason, fix, details };
}

export function pending(reason: MessageKey | null, details: CheckOutcome['details'] = {}): CheckOutcome {
  return { verdict: 'pending', reason, fix: null, details };
}
