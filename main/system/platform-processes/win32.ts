/** Windows: the built-in remote desktop client, Quick Assist and the Xbox Game Bar recorder. */
export const win32ProhibitedProcesses: readonly string[] = [
  'mstsc',
  'quickassist',
  'msra',
  'gamebar',
  'gamebarftserver',
];
