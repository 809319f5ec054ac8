/** The upload screen's text, in one place (kept beside the component until the app's catalog takes it over). */
export const recordingMessages = {
  title: 'Uploading your exam recordings',
  doneTitle: 'Your recordings are uploaded',
  preparing: 'Preparing the upload…',
  barLabel: 'Upload progress',
  figures: (uploaded: string, total: string, percent: number) => `${uploaded} of ${total} (${percent}%)`,
  timeLeft: (left: string) => `Time left: ${left}.`,
  estimating: 'Working out how long this will take…',
  offline: 'Waiting for the network. The upload continues as soon as you are back online.',
  doNotSwitchOff: 'Do not switch off your computer or close Vigil until the upload is complete.',
  resumes: 'If it is interrupted, Vigil continues the upload the next time it starts.',
  done: 'Everything has reached your institution. You can close Vigil now.',
} as const;
