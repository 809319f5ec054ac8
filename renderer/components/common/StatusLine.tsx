import type { Verdict } from '../../checks/check-result';

/**
 * The step's current advice or result, as a polite live region: it is in the page from the start,
 * so every change is read out once.
 */
export function StatusLine({ text, tone }: { text: string; tone: Verdict | 'info' }) {
  return (
    <p className={`status-line status-line--${tone}`} role="status" aria-live="polite" aria-atomic="true">
      <span className="status-line__icon" aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
