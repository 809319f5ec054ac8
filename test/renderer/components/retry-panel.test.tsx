/** The failed step's "how to fix" and "Try again", as markup (the e2e tests click it in a real browser). */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { failed, passed, pending } from '../../../renderer/checks/check-result';
import { RetryPanel } from '../../../renderer/components/common/RetryPanel';

const render = (element: ReactElement) => renderToStaticMarkup(element);

describe('RetryPanel', () => {
  it('shows nothing for a step that passed or is still running', () => {
    const retry = () => undefined;
    expect(render(<RetryPanel outcome={undefined} onRetry={retry} />)).toBe('');
    expect(render(<RetryPanel outcome={pending('mic.starting')} onRetry={retry} />)).toBe('');
    expect(render(<RetryPanel outcome={passed()} onRetry={retry} />)).toBe('');
  });

  it('labels the failed step\'s fix as a group and offers "Try again"', () => {
    const html = render(<RetryPanel outcome={failed('mic.silent', 'mic.fix.unmute')} onRetry={() => undefined} />);
    expect(html).toMatch(/role="group" aria-labelledby="([^"]+)"/);
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`id="${labelledBy}">How to fix</p>`);
    expect(html).toContain('<button type="button" class="button">Try again</button>');
  });

  it('has no button where the step keeps its own (the room check, the screen share)', () => {
    const html = render(<RetryPanel outcome={failed('mic.silent', 'mic.fix.unmute')} />);
    expect(html).toContain('How to fix');
    expect(html).not.toContain('<button');
  });
});
