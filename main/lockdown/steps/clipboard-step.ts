/**
 * The clipboard: emptied when the exam starts, when the window regains focus (so nothing copied in
 * another program during a focus loss gets in) and when the exam ends. Copy, cut and paste are
 * blocked in the app's own shell (CLIPBOARD_BLOCKED); within the exam page they work as usual.
 */
import type { BrowserWindow, Clipboard, Event, Input, WebContents } from 'electron';
import type { IncidentSink } from '../../incidents/incident-reporter';
import type { LockdownStep } from '../lockdown-step';

export interface ClipboardStepDeps {
  clipboard: Pick<Clipboard, 'clear'>;
  /** The shell's web contents (not the exam page's). */
  shell: Pick<WebContents, 'on' | 'removeListener' | 'isDestroyed'>;
  window: Pick<BrowserWindow, 'on' | 'removeListener' | 'isDestroyed'>;
  incidents: IncidentSink;
}

const CLIPBOARD_KEYS: Readonly<Record<string, string>> = { c: 'copy', x: 'cut', v: 'paste' };

export function clipboardAction(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift'>): string | null {
  if (input.type !== 'keyDown') return null;
  const key = input.key.toLowerCase();
  if ((input.control || input.meta) && ['c', 'x', 'v'].includes(key)) return CLIPBOARD_KEYS[key]!;
  // Shift+Insert pastes and Ctrl+Insert copies on Windows and Linux.
  if (key === 'insert' && input.shift) return 'paste';
  if (key === 'insert' && input.control) return 'copy';
  if (key === 'delete' && input.shift) return 'cut';
  return null;
}

export function createClipboardStep(deps: ClipboardStepDeps): LockdownStep {
  const onInput = (event: Event, input: Input) => {
    const action = clipboardAction(input);
    if (!action) return;
    event.preventDefault();
    deps.incidents.raise(
      'CLIPBOARD_BLOCKED',
      { action },
      `${action[0]!.toUpperCase()}${action.slice(1)} is blocked here.`,
    );
  };
  const onFocus = () => deps.clipboard.clear();

  return {
    name: 'clipboard',
    async apply() {
      deps.clipboard.clear();
      deps.shell.on('before-input-event', onInput);
      deps.window.on('focus', onFocus);
    },
    async revert() {
      if (!deps.shell.isDestroyed()) deps.shell.removeListener('before-input-event', onInput);
      if (!deps.window.isDestroyed()) deps.window.removeListener('focus', onFocus);
      deps.clipboard.clear();
    },
  };
}
