/**
 * Remote-desktop, screen-sharing, recording and messaging tools that must not run during an exam,
 * matched case-insensitively on the executable's name (path, `.exe` and `.app` stripped).
 */
import { platformProhibitedProcesses } from './platform-processes';

/** Executable names seen on Windows, macOS and Linux for the same tools. */
export const DEFAULT_PROHIBITED_PROCESSES: readonly string[] = [
  // Remote desktop and remote control
  'anydesk',
  'teamviewer',
  'teamviewer_service',
  'rustdesk',
  'remoting_host',
  'chrome-remote-desktop-host',
  'remotedesktopmanager',
  'parsecd',
  'parsec',
  'splashtop',
  'srserver',
  'logmein',
  'lmiguardiansvc',
  'screenconnect.clientservice',
  'supremo',
  'ammyy_admin',
  'nomachine',
  'nxserver',
  'nxnode',
  'ultravnc',
  'winvnc',
  'tvnserver',
  'vncserver',
  'x11vnc',
  'x0vncserver',
  'vino-server',
  'krfb',
  'xrdp',
  // Screen recording and streaming
  'obs',
  'obs64',
  'obs32',
  'obs-studio',
  'streamlabs obs',
  'bandicam',
  'camtasia',
  'camtasiastudio',
  'fraps',
  'sharex',
  'screencast-o-matic',
  'simplescreenrecorder',
  'kazam',
  'vokoscreen',
  'vokoscreenng',
  'peek',
  'loom',
  // Meetings and messaging
  'zoom',
  'zoom.us',
  'teams',
  'ms-teams',
  'msteams',
  'skype',
  'discord',
  'slack',
  'telegram',
  'telegram desktop',
  'whatsapp',
  'signal',
  'webex',
  'ciscowebexstart',
  'gotomeeting',
  'element',
  'viber',
  'wechat',
];

/** The name a process is known by, for matching: file name only, lowercased, common suffixes dropped. */
export function normalizeExecutableName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base
    .toLowerCase()
    .replace(/\.(exe|app|bin|appimage)$/, '')
    .trim();
}

export interface RunningProcess {
  pid: number;
  name: string;
  /** Full path of the executable, when the OS tells. */
  path?: string;
}

/** Linux truncates a process's `comm` name to 15 characters. */
const LINUX_COMM_LENGTH = 15;

export function prohibitedProcessNames(policyList: readonly string[], platform?: NodeJS.Platform): Set<string> {
  return new Set(
    [...DEFAULT_PROHIBITED_PROCESSES, ...platformProhibitedProcesses(platform), ...policyList]
      .map(normalizeExecutableName)
      .filter(Boolean),
  );
}

export function matchesProhibited(process: RunningProcess, prohibited: ReadonlySet<string>): boolean {
  const candidates = [process.name, process.path ?? ''].map(normalizeExecutableName).filter(Boolean);
  for (const candidate of candidates) {
    if (prohibited.has(candidate)) return true;
    if (candidate.length === LINUX_COMM_LENGTH) {
      for (const name of prohibited) if (name.startsWith(candidate)) return true;
    }
  }
  return false;
}

/** The running processes that are prohibited, one entry per pid. */
export function findProhibitedProcesses(
  processes: readonly RunningProcess[],
  prohibited: ReadonlySet<string>,
): RunningProcess[] {
  return processes.filter((process) => matchesProhibited(process, prohibited));
}
