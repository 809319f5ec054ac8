/**
 * Which keystrokes the exam window swallows (`before-input-event`): devtools, reload, close/quit,
 * print, save, view-source, zoom, new window. Devtools attempts are reported apart from the rest.
 */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

export type BlockedKey = { kind: 'devtools' | 'shortcut'; name: string };

export function describeKey(input: KeyInput): string {
  const parts = [input.control && 'Ctrl', input.meta && 'Cmd', input.alt && 'Alt', input.shift && 'Shift'].filter(
    Boolean,
  );
  return [...parts, input.key.length === 1 ? input.key.toUpperCase() : input.key].join('+');
}

/** Ctrl on Windows and Linux, Cmd on macOS: both are treated as the command modifier everywhere. */
function command(input: KeyInput): boolean {
  return input.control || input.meta;
}

export function classifyKey(input: KeyInput): BlockedKey | null {
  if (input.type !== 'keyDown') return null;
  const key = input.key.toLowerCase();
  const code = input.code ?? '';
  const name = describeKey(input);

  if (key === 'f12') return { kind: 'devtools', name };
  // Ctrl+Shift+I/J/C, Cmd+Alt+I/J/C, Cmd+Shift+C (code is layout-independent; key for fallbacks)
  const letter = /^Key([A-Z])$/.exec(code)?.[1]?.toLowerCase() ?? key;
  if (command(input) && (input.shift || input.alt) && ['i', 'j', 'c'].includes(letter))
    return { kind: 'devtools', name };

  if (key === 'f5' || (command(input) && letter === 'r')) return { kind: 'shortcut', name }; // reload
  if (input.alt && key === 'f4') return { kind: 'shortcut', name }; // close window
  if (command(input) && key === 'f4') return { kind: 'shortcut', name };
  if (command(input) && ['w', 'q', 'p', 's', 'u', 'n', 't', 'o', 'h', 'm'].includes(letter))
    return { kind: 'shortcut', name };
  if (command(input) && ['+', '-', '=', '0', '_'].includes(key)) return { kind: 'shortcut', name }; // zoom
  if (key === 'printscreen' || key === 'f11') return { kind: 'shortcut', name };
  if (input.alt && (key === 'tab' || key === 'escape')) return { kind: 'shortcut', name };
  return null;
}
