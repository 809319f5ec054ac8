/**
 * Displays: no more than the policy's `allowedDisplays` when the exam starts; a display added during
 * the exam is reported (DISPLAY_ADDED) and covered by a blank window so nothing can be shown there.
 */
import type { Display, Screen } from 'electron';
import type { IncidentSink } from '../../incidents/incident-reporter';
import { BridgeError } from '../../core/bridge-error';
import type { LockdownStep } from '../lockdown-step';

export interface CoverWindow {
  close(): void;
  isDestroyed(): boolean;
}

export interface DisplayStepDeps {
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;
  allowedDisplays: number;
  /** A blank, focus-less, always-on-top window filling the display (from the window factory). */
  createCoverWindow(display: Display): CoverWindow;
  incidents: IncidentSink;
}

export function createDisplayStep(deps: DisplayStepDeps): LockdownStep {
  const covers = new Map<number, CoverWindow>();

  const coverExtraDisplays = () => {
    const displays = deps.screen.getAllDisplays();
    if (displays.length <= deps.allowedDisplays) return;
    const primary = deps.screen.getPrimaryDisplay().id;
    for (const display of displays) {
      if (display.id === primary || covers.has(display.id)) continue;
      covers.set(display.id, deps.createCoverWindow(display));
    }
  };

  const onAdded = (_event: unknown, display: Display) => {
    const count = deps.screen.getAllDisplays().length;
    deps.incidents.raise(
      'DISPLAY_ADDED',
      { displayId: display.id, bounds: display.bounds, count, allowed: deps.allowedDisplays },
      'A display was connected during the exam.',
    );
    coverExtraDisplays();
  };

  const onRemoved = (_event: unknown, display: Display) => {
    const cover = covers.get(display.id);
    if (cover && !cover.isDestroyed()) cover.close();
    covers.delete(display.id);
  };

  return {
    name: 'displays',
    async apply() {
      const count = deps.screen.getAllDisplays().length;
      if (count > deps.allowedDisplays) {
        deps.incidents.raise(
          'DISPLAY_ADDED',
          { count, allowed: deps.allowedDisplays, atStart: true },
          `${count} displays are connected; the exam allows ${deps.allowedDisplays}.`,
        );
        throw new BridgeError(
          'too_many_displays',
          `Disconnect the extra display(s): ${count} are connected and this exam allows ${deps.allowedDisplays}.`,
        );
      }
      deps.screen.on('display-added', onAdded);
      deps.screen.on('display-removed', onRemoved);
    },
    async revert() {
      deps.screen.removeListener('display-added', onAdded);
      deps.screen.removeListener('display-removed', onRemoved);
      for (const cover of covers.values()) if (!cover.isDestroyed()) cover.close();
      covers.clear();
    },
  };
}
