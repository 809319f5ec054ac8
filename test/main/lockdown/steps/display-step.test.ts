import { describe, expect, it } from 'vitest';
import { createDisplayStep } from '../../../../main/lockdown/steps/display-step';
import { BridgeError } from '../../../../main/core/bridge-error';
import { FakeScreen } from '../../../mocks/electron';
import { recordingSink } from '../../../support/lockdown-fakes';

describe('display step', () => {
  const setup = (allowedDisplays = 1) => {
    const screen = new FakeScreen();
    const incidents = recordingSink();
    const covers: { displayId: number; closed: boolean }[] = [];
    const step = createDisplayStep({
      screen: screen as never,
      allowedDisplays,
      incidents,
      createCoverWindow: (display) => {
        const cover = { displayId: display.id, closed: false };
        covers.push(cover);
        return { close: () => void (cover.closed = true), isDestroyed: () => cover.closed };
      },
    });
    return { screen, incidents, covers, step };
  };
  const second = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 1024 } };

  it('refuses to start with more displays than the policy allows, and reports it', async () => {
    const { screen, incidents, step } = setup(1);
    screen.displays.push(second);
    const error = (await step.apply().catch((e: unknown) => e)) as BridgeError;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('too_many_displays');
    expect(incidents.raised).toEqual([
      { type: 'DISPLAY_ADDED', details: { count: 2, allowed: 1, atStart: true }, message: expect.any(String) },
    ]);
  });

  it('a display added during the exam is reported and covered; removing it closes the cover', async () => {
    const { screen, incidents, covers, step } = setup(1);
    await step.apply();
    screen.addDisplay(second);
    expect(incidents.raised).toEqual([
      {
        type: 'DISPLAY_ADDED',
        details: { displayId: 2, bounds: second.bounds, count: 2, allowed: 1 },
        message: 'A display was connected during the exam.',
      },
    ]);
    expect(covers).toEqual([{ displayId: 2, closed: false }]);
    screen.removeDisplay(2);
    expect(covers[0]!.closed).toBe(true);
  });

  it('an extra display the policy allows is reported but not covered', async () => {
    const { screen, incidents, covers, step } = setup(2);
    await step.apply();
    screen.addDisplay(second);
    expect(incidents.raised).toHaveLength(1);
    expect(covers).toHaveLength(0);
  });

  it('revert stops listening and closes every cover', async () => {
    const { screen, incidents, covers, step } = setup(1);
    await step.apply();
    screen.addDisplay(second);
    await step.revert();
    expect(covers.every((c) => c.closed)).toBe(true);
    screen.addDisplay({ id: 3, bounds: second.bounds });
    expect(incidents.raised).toHaveLength(1);
    expect(screen.listenerCount('display-added')).toBe(0);
  });
});
