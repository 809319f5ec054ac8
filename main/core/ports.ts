/**
 * The seams between the main process's parts, declared once and low so every module may implement
 * or use them without importing the composition root (main/app/) or a transport (main/ipc/).
 */
import type {
  EventChannel,
  EventPayload,
  InvokeRequestParsed,
  InvokeResponse,
  SessionSummary,
  UploadProgress,
} from '../../shared/ipc/contract';

/** Sends a main → renderer event on whatever transport is active. */
export type EventEmitterFn = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

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
