/** What createHandlers needs. The Electron-only parts (lockdown, exam view, quitting) are optional, so the same handlers run in plain Node. */
import type {
  InvokeRequestParsed,
  InvokeResponse,
  SessionSummary,
  SystemReport,
  UploadProgress,
} from '../../shared/ipc/contract';
import type { ExamPolicy } from '../../shared/policy';
import type { IncidentReporter } from '../incidents/incident-reporter';
import type { Logger } from '../logger';
import type { SessionController } from '../session/session-controller';

/** The seam for main/recordings/: spooling chunks to disk and uploading them. */
export interface RecordingsPort {
  begin(request: InvokeRequestParsed<'recording:begin'>): Promise<InvokeResponse<'recording:begin'>>;
  chunk(request: InvokeRequestParsed<'recording:chunk'>): Promise<InvokeResponse<'recording:chunk'>>;
  end(request: InvokeRequestParsed<'recording:end'>): Promise<InvokeResponse<'recording:end'>>;
  progress(): Promise<UploadProgress>;
  /**
   * Ends every recording still open (a renderer that reloaded or crashed cannot finish its own):
   * what was acknowledged stays in the spool and uploads; the new renderer begins new recordings.
   */
  endOrphaned?(): Promise<number>;
}

/** The exam page's locked view (Electron); absent in the preview, where the renderer shows the page itself. */
export interface ExamViewPort {
  open(session: SessionSummary): Promise<void>;
  close(): Promise<void>;
}

/** The lockdown runner as the handlers see it. */
export interface LockdownPort {
  /** Applies every step; throws a BridgeError (and leaves nothing applied) when a step refuses. */
  engage(session: SessionSummary): Promise<void>;
  release(reason: string): Promise<void>;
}

export interface AppInfoSource {
  version: string;
  platform: string;
  preview: boolean;
  managed: boolean;
  pendingLaunchCode(): string | null;
}

export interface HandlerDeps {
  app: AppInfoSource;
  session: SessionController;
  incidents: IncidentReporter;
  systemCheck(policy: ExamPolicy): Promise<SystemReport>;
  /**
   * Settles once a session kept for crash recovery has been resumed, or found unusable (main/index.ts):
   * `session:current` waits for it. Absent where nothing is resumed at start-up (the preview host).
   */
  resumption?: Promise<unknown>;
  /** Called once a session is launched (event stream, crash-recovery bookkeeping). */
  onLaunched?(session: SessionSummary): Promise<void> | void;
  recordings?: RecordingsPort;
  exam?: ExamViewPort;
  lockdown?: LockdownPort;
  /** Ends the app after the proctor's password was accepted. */
  quitApp?(): void;
  log: Logger;
}
