import { describe, expect, it } from 'vitest';
import { classifyKey, type KeyInput } from '../../../../main/lockdown/blocked-keys';
import { platformGlobalShortcuts } from '../../../../main/lockdown/platform-shortcuts';
import { createInputStep, type InputWebContents } from '../../../../main/lockdown/steps/input-step';
import { silentLogger } from '../../../../main/logger';
import { FakeGlobalShortcut, FakeWebContents } from '../../../mocks/electron';
import { recordingSink } from '../../../support/lockdown-fakes';

const key = (k: string, modifiers: Partial<KeyInput> = {}, code?: string): KeyInput => ({
  type: 'keyDown',
  key: k,
  code,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...modifiers,
});

describe('blocked keys', () => {
  it.each([
    [key('F12'), 'devtools'],
    [key('I', { control: true, shift: true }, 'KeyI'), 'devtools'],
    [key('J', { control: true, shift: true }, 'KeyJ'), 'devtools'],
    [key('C', { control: true, shift: true }, 'KeyC'), 'devtools'],
    [key('i', { meta: true, alt: true }, 'KeyI'), 'devtools'],
    [key('F5'), 'shortcut'],
    [key('r', { control: true }, 'KeyR'), 'shortcut'],
    [key('R', { meta: true, shift: true }, 'KeyR'), 'shortcut'],
    [key('w', { control: true }, 'KeyW'), 'shortcut'],
    [key('q', { meta: true }, 'KeyQ'), 'shortcut'],
    [key('F4', { alt: true }), 'shortcut'],
    [key('p', { control: true }, 'KeyP'), 'shortcut'],
    [key('s', { meta: true }, 'KeyS'), 'shortcut'],
    [key('u', { control: true }, 'KeyU'), 'shortcut'],
    [key('+', { control: true }), 'shortcut'],
    [key('-', { meta: true }), 'shortcut'],
    [key('0', { control: true }), 'shortcut'],
  ])('%o is blocked as %s', (input, kind) => {
    expect(classifyKey(input)?.kind).toBe(kind);
  });

  it.each([
    [key('a')],
    [key('c', { control: true }, 'KeyC')],
    [key('Enter')],
    [key('F12', {}, undefined)].map((k) => ({ ...k, type: 'keyUp' })),
  ])('lets %o through', (input) => {
    expect(classifyKey(input)).toBeNull();
  });
});

describe('input step', () => {
  const setup = (reserved: string[] = []) => {
    const shell = new FakeWebContents();
    const globalShortcut = new FakeGlobalShortcut();
    globalShortcut.reserved = new Set(reserved);
    const incidents = recordingSink();
    const created: ((contents: InputWebContents) => void)[] = [];
    const step = createInputStep({
      webContents: () => [shell as unknown as InputWebContents],
      watchNewWebContents: (listener) => {
        created.push(listener);
        return () => created.splice(created.indexOf(listener), 1);
      },
      globalShortcut,
      shortcuts: platformGlobalShortcuts('win32'),
      incidents,
      log: silentLogger,
    });
    return { shell, globalShortcut, incidents, step, created };
  };

  it('swallows devtools and blocked shortcuts and reports each attempt', async () => {
    const { shell, incidents, step } = setup();
    await step.apply();
    expect(shell.emitPreventable('before-input-event', key('F12'))).toBe(true);
    expect(shell.emitPreventable('before-input-event', key('r', { control: true }, 'KeyR'))).toBe(true);
    expect(shell.emitPreventable('before-input-event', key('a'))).toBe(false);
    expect(incidents.raised.map((i) => [i.type, i.details.keys])).toEqual([
      ['DEVTOOLS_ATTEMPT', 'F12'],
      ['BLOCKED_SHORTCUT', 'Ctrl+R'],
    ]);
  });

  it('takes the OS shortcuts it can, reports presses, and leaves the ones the OS keeps', async () => {
    const { globalShortcut, incidents, step } = setup(['Alt+Tab']);
    await step.apply();
    expect(globalShortcut.registered.has('Alt+F4')).toBe(true);
    expect(globalShortcut.registered.has('PrintScreen')).toBe(true);
    expect(globalShortcut.registered.has('Alt+Tab')).toBe(false);
    globalShortcut.press('PrintScreen');
    expect(incidents.raised).toEqual([
      { type: 'BLOCKED_SHORTCUT', details: { keys: 'PrintScreen', global: true }, message: expect.any(String) },
    ]);
  });

  it('guards web contents created during the exam (the exam page)', async () => {
    const { created, incidents, step } = setup();
    await step.apply();
    const examPage = new FakeWebContents('https://exam.example/');
    created[0]!(examPage as unknown as InputWebContents);
    expect(examPage.emitPreventable('before-input-event', key('F12'))).toBe(true);
    expect(incidents.raised).toHaveLength(1);
  });

  it('revert removes every listener and shortcut', async () => {
    const { shell, globalShortcut, incidents, step, created } = setup();
    await step.apply();
    await step.revert();
    expect(globalShortcut.registered.size).toBe(0);
    expect(shell.listenerCount('before-input-event')).toBe(0);
    expect(created).toHaveLength(0);
    expect(shell.emitPreventable('before-input-event', key('F12'))).toBe(false);
    expect(incidents.raised).toHaveLength(0);
  });
});
