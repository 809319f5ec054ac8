/** Linux desktops: task switching, the launcher, closing windows and screenshots. */
export const linuxGlobalShortcuts: readonly string[] = [
  'Alt+Tab',
  'Alt+Shift+Tab',
  'Alt+F4',
  'Alt+F2',
  'Super',
  'Ctrl+Alt+T',
  'PrintScreen',
  'Alt+PrintScreen',
  'Shift+PrintScreen',
];
