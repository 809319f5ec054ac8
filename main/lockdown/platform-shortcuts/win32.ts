/** Windows: task switching, the Start menu, window closing and screenshots. */
export const win32GlobalShortcuts: readonly string[] = [
  'Alt+Tab',
  'Alt+Shift+Tab',
  'Alt+Esc',
  'Alt+F4',
  'Ctrl+Esc',
  'Super',
  'Super+D',
  'Super+Tab',
  'Super+Shift+S',
  'PrintScreen',
  'Alt+PrintScreen',
];
