/**
 * Keyboard lockdown: `before-input-event` swallows devtools, reload, close, print, save, view-source
 * and zoom keys in every exam web contents; globalShortcut takes what the platform lets it take.
 * Every attempt is an incident (DEVTOOLS_ATTEMPT or BLOCKED_SHORTCUT).
 */
import type { Event, GlobalShortcut, Input, WebContents } from 'electron';
import type { IncidentSink } from '../../incidents/incident-reporter';
import type { Logger } from '../../logger';
import { classifyKey } from '../blocked-keys';
import type { LockdownStep } from '../lockdown-step';

export type InputWebContents = Pick<WebContents, 'on' | 'removeListener' | 'isDestroyed'>;

export interface InputStepDeps {
  /** The web contents to guard now (the shell and anything already open). */
  webContents: () => InputWebContents[];
  /** Web contents created during the exam (the exam page's view) are guarded too; returns an unsubscribe. */
  watchNewWebContents?: (listener: (contents: InputWebContents) => void) => () => void;
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>;
  shortcuts: readonly string[];
  incidents: IncidentSink;
  log: Logger;
}

export function createInputStep(deps: InputStepDeps): LockdownStep {
  const guarded = new Set<InputWebContents>();
  const registered: string[] = [];
  let unwatch: (() => void) | null = null;

  const onInput = (event: Event, input: Input) => {
    const blocked = classifyKey(input);
    if (!blocked) return;
    event.preventDefault();
    if (blocked.kind === 'devtools') {
      deps.incidents.raise(
        'DEVTOOLS_ATTEMPT',
        { keys: blocked.name },
        `Developer tools are not available (${blocked.name}).`,
      );
    } else {
      deps.incidents.raise('BLOCKED_SHORTCUT', { keys: blocked.name }, `${blocked.name} is blocked during the exam.`);
    }
  };

  const guard = (contents: InputWebContents) => {
    if (guarded.has(contents)) return;
    contents.on('before-input-event', onInput);
    guarded.add(contents);
  };

  return {
    name: 'input',
    async apply() {
      for (const contents of deps.webContents()) guard(contents);
      unwatch = deps.watchNewWebContents?.(guard) ?? null;
      for (const accelerator of deps.shortcuts) {
        let ok = false;
        try {
          ok = deps.globalShortcut.register(accelerator, () => {
            deps.incidents.raise(
              'BLOCKED_SHORTCUT',
              { keys: accelerator, global: true },
              `${accelerator} is blocked during the exam.`,
            );
          });
        } catch {
          ok = false;
        }
        if (ok) registered.push(accelerator);
        else deps.log.info('OS keeps this shortcut; focus loss is detected instead', { accelerator });
      }
    },
    async revert() {
      unwatch?.();
      unwatch = null;
      for (const contents of guarded) {
        if (!contents.isDestroyed()) contents.removeListener('before-input-event', onInput);
      }
      guarded.clear();
      for (const accelerator of registered.splice(0)) deps.globalShortcut.unregister(accelerator);
    },
  };
}
