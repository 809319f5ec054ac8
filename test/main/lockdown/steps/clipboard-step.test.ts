import { describe, expect, it } from 'vitest';
import { createClipboardStep } from '../../../../main/lockdown/steps/clipboard-step';
import { FakeBrowserWindow, FakeClipboard } from '../../../mocks/electron';
import { recordingSink } from '../../../support/lockdown-fakes';

const keyDown = (key: string, modifiers: { control?: boolean; meta?: boolean; shift?: boolean } = {}) => ({
  type: 'keyDown',
  key,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...modifiers,
});

describe('clipboard step', () => {
  const setup = () => {
    const clipboard = new FakeClipboard();
    const window = new FakeBrowserWindow();
    const incidents = recordingSink();
    const step = createClipboardStep({
      clipboard,
      shell: window.webContents as never,
      window: window as never,
      incidents,
    });
    return { clipboard, window, incidents, step };
  };

  it('empties the clipboard at the start, on regaining focus and at the end', async () => {
    const { clipboard, window, step } = setup();
    clipboard.writeText('answers from another program');
    await step.apply();
    expect(clipboard.readText()).toBe('');
    clipboard.writeText('copied during a focus loss');
    window.emit('focus');
    expect(clipboard.readText()).toBe('');
    clipboard.writeText('exam text');
    await step.revert();
    expect(clipboard.readText()).toBe('');
    expect(clipboard.clears).toBe(3);
  });

  it('blocks copy, cut and paste in the shell and reports CLIPBOARD_BLOCKED', async () => {
    const { window, incidents, step } = setup();
    await step.apply();
    expect(window.webContents.emitPreventable('before-input-event', keyDown('c', { control: true }))).toBe(true);
    expect(window.webContents.emitPreventable('before-input-event', keyDown('v', { meta: true }))).toBe(true);
    expect(window.webContents.emitPreventable('before-input-event', keyDown('Insert', { shift: true }))).toBe(true);
    expect(window.webContents.emitPreventable('before-input-event', keyDown('a', { control: true }))).toBe(false);
    expect(incidents.raised.map((i) => [i.type, i.details.action])).toEqual([
      ['CLIPBOARD_BLOCKED', 'copy'],
      ['CLIPBOARD_BLOCKED', 'paste'],
      ['CLIPBOARD_BLOCKED', 'paste'],
    ]);
  });

  it('revert stops blocking and stops clearing on focus', async () => {
    const { clipboard, window, incidents, step } = setup();
    await step.apply();
    await step.revert();
    expect(window.webContents.emitPreventable('before-input-event', keyDown('c', { control: true }))).toBe(false);
    clipboard.writeText('after the exam');
    window.emit('focus');
    expect(clipboard.readText()).toBe('after the exam');
    expect(incidents.raised).toEqual([]);
  });
});
