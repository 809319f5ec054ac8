/** macOS: Screen Sharing, the screenshot/recording tool and Apple Remote Desktop's agent. */
export const darwinProhibitedProcesses: readonly string[] = [
  'screen sharing',
  'screensharingd',
  'screencaptureui',
  'ardagent',
  'quicktime player',
];
