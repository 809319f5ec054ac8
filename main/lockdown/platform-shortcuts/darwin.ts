/** macOS: app switching, hiding, quitting, screenshots and screen recording. */
export const darwinGlobalShortcuts: readonly string[] = [
  'Command+Tab',
  'Command+Shift+Tab',
  'Command+H',
  'Command+Option+H',
  'Command+M',
  'Command+Q',
  'Command+Option+Esc',
  'Command+Shift+3',
  'Command+Shift+4',
  'Command+Shift+5',
  'Command+Space',
];
