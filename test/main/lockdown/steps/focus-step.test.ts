import { describe, expect, it } from 'vitest';
import { createFocusStep, type FocusableWindow } from '../../../../main/lockdown/steps/focus-step';
import { FakeBrowserWindow } from '../../../mocks/electron';
import { manualTimers, recordingSink } from '../../../support/lockdown-fakes';

describe('focus step', () => {
  const setup = () => {
    const window = new FakeBrowserWindow({ kiosk: true, fullscreen: true });
    const incidents = recordingSink();
    let now = 1_000_000;
    const clock = manualTimers();
    const step = createFocusStep({
      window: window as unknown as FocusableWindow,
      incidents,
      now: () => now,
      timers: clock.timers,
    });
    return { window, incidents, step, clock, advance: (ms: number) => (now += ms) };
  };

  it('takes the window back at once and reports FOCUS_LOST with its duration when focus returns', async () => {
    const { window, incidents, step, clock, advance } = setup();
    await step.apply();
    window.blurForTest();
    expect(window.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['show', 'moveTop', 'focus']));
    expect(clock.active).toBe(1); // keeps retaking until focused
    window.state.focused = false;
    window.calls.length = 0;
    clock.tick();
    expect(window.calls.map((c) => c[0])).toContain('focus');

    advance(4_200);
    window.emit('focus');
    expect(clock.active).toBe(0);
    expect(incidents.raised).toEqual([
      {
        type: 'FOCUS_LOST',
        details: { durationMs: 4_200, cause: 'blur', lostAt: new Date(1_000_000).toISOString() },
        message: 'The exam window lost focus for 4.2 s.',
      },
    ]);
  });

  it('counts a minimize or hide as a loss too, restoring the window', async () => {
    const { window, incidents, step, advance } = setup();
    await step.apply();
    window.state.minimized = true;
    window.emit('minimize');
    expect(window.state.minimized).toBe(false);
    advance(500);
    window.emit('focus');
    expect(incidents.raised[0]?.details).toMatchObject({ cause: 'minimize', durationMs: 500 });
  });

  it('reports a loss still open when the exam ends, and stops listening', async () => {
    const { window, incidents, step, clock, advance } = setup();
    await step.apply();
    window.blurForTest();
    advance(1_000);
    await step.revert();
    expect(incidents.raised).toHaveLength(1);
    expect(clock.active).toBe(0);
    window.blurForTest();
    window.emit('focus');
    expect(incidents.raised).toHaveLength(1);
  });
});
