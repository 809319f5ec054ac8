/** Linux: GNOME's and KDE's remote desktop daemons and recorders. */
export const linuxProhibitedProcesses: readonly string[] = [
  'gnome-remote-desktop-daemon',
  'grd',
  'krdc',
  'remmina',
  'vinagre',
  'gnome-screencast',
  'spectacle',
];
