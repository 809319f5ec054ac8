/**
 * Every invoke channel's handler, composed from plain dependencies. Electron's IPC wrapper and the
 * preview's HTTP bridge both register exactly this map, so the renderer meets the same behaviour.
 */
import { base64 } from '@scure/base';
import type { SessionSummary, SystemReport, UploadProgress } from '../../shared/ipc/contract';
import { examPolicySchema, type ExamPolicy } from '../../shared/policy';
import { BridgeError } from '../core/bridge-error';
import type { ExamViewPort, LockdownPort, RecordingsPort } from '../core/ports';
import type { IncidentReporter } from '../incidents/incident-reporter';
import type { InvokeHandlers } from '../ipc/invoke-handlers';
import { verifyQuitPassword } from '../lockdown/quit-password';
import type { Logger } from '../logger';
import type { SessionController } from '../session/session-controller';
import { takeUpLaunchedSession } from './session-takeover';

export interface AppInfoSource {
  version: string;
  platform: string;
  preview: boolean;
  managed: boolean;
  pendingLaunchCode(): string | null;
}

/** What createHandlers needs. The Electron-only parts (lockdown, exam view, quitting) are optional, so the same handlers run in plain Node. */
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

/** How long a quit waits for LOCKDOWN_QUIT to reach the service before the app goes. */
const QUIT_FLUSH_WAIT_MS = 3_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

const NOTHING_TO_UPLOAD: UploadProgress = {
  totalBytes: 0,
  uploadedBytes: 0,
  bytesPerSecond: 0,
  secondsLeft: 0,
  done: true,
  online: true,
};

/**
 * What the renderer may see: the quit password's verifier (in the policy, or in a status once approved)
 * stays in the main process, which alone checks it (lockdown:quit); in the renderer it could only be
 * cracked offline. test/main/security/no-account-secret.test.ts scans every answer.
 */
function withoutQuitVerifier<T extends object>(value: T): T {
  if (!('quitPasswordHash' in value)) return value;
  const { quitPasswordHash: _kept, ...rest } = value as T & { quitPasswordHash?: unknown };
  return rest as T;
}

function forRenderer(summary: SessionSummary): SessionSummary {
  return { ...summary, policy: withoutQuitVerifier(summary.policy) };
}

export function createHandlers(deps: HandlerDeps): InvokeHandlers {
  const recordings = () => {
    if (!deps.recordings) throw new BridgeError('unavailable', 'Recording is not available in this client.');
    return deps.recordings;
  };
  const currentPolicy = (): ExamPolicy => deps.session.current()?.policy ?? examPolicySchema.parse({});

  return {
    'app:info': async () => ({
      version: deps.app.version,
      preview: deps.app.preview,
      managed: deps.app.managed,
      platform: deps.app.platform,
      pendingLaunchCode: deps.app.pendingLaunchCode(),
    }),

    'session:launch': async ({ launchCode }) => {
      const summary = await deps.session.launch(launchCode);
      await takeUpLaunchedSession(deps, summary);
      return forRenderer(summary);
    },
    'session:status': async () => withoutQuitVerifier(await deps.session.status()),
    'session:current': async () => {
      // A window loaded while main/index.ts was still resuming a stored session waits for it.
      await deps.resumption?.catch(() => undefined);
      if (!deps.session.current()) return null;
      // The renderer asking is a new one: recordings its predecessor left open can never be ended by it.
      const orphaned = (await deps.recordings?.endOrphaned?.()) ?? 0;
      if (orphaned > 0) deps.log.info('renderer restarted: open recordings ended', { orphaned });
      const status = await deps.session.status();
      return { session: forRenderer(deps.session.require()), status: withoutQuitVerifier(status) };
    },
    'session:request-approval': async () => withoutQuitVerifier(await deps.session.requestApproval()),
    'session:start': async () => {
      const session = deps.session.require();
      // The lockdown goes on before the service hears "started", and comes off again if the service refuses.
      await deps.lockdown?.engage(session);
      try {
        return withoutQuitVerifier(await deps.session.start());
      } catch (error) {
        await deps.lockdown?.release('start refused by the service');
        throw error;
      }
    },
    'session:finish': async () => {
      const status = await deps.session.finish();
      await deps.exam?.close();
      await deps.lockdown?.release('exam finished');
      void deps.incidents.activeQueue?.flush();
      return withoutQuitVerifier(status);
    },

    'checks:report-step': async (report) => {
      await deps.session.reportStep(report);
      return { ok: true as const };
    },
    'system:check': async () => deps.systemCheck(currentPolicy()),

    'identity:enroll': async ({ snapshots }) =>
      deps.session.faceEnroll({ snapshots: snapshots.map((jpeg) => base64.encode(jpeg)) }),
    'identity:verify': async ({ snapshots, ...rest }) =>
      deps.session.identity({ ...rest, snapshots: snapshots.map((jpeg) => base64.encode(jpeg)) }),

    'incident:report': async (incident) => deps.incidents.report(incident),

    'recording:begin': async (request) => recordings().begin(request),
    'recording:chunk': async (request) => recordings().chunk(request),
    'recording:end': async (request) => recordings().end(request),
    'upload:progress': async () => (deps.recordings ? deps.recordings.progress() : NOTHING_TO_UPLOAD),

    'exam:open': async () => {
      await deps.exam?.open(deps.session.require());
      return { ok: true as const };
    },
    'exam:close': async () => {
      await deps.exam?.close();
      return { ok: true as const };
    },

    'lockdown:quit': async ({ password }) => {
      const ok = await verifyQuitPassword(password, deps.session.quitPasswordHash());
      if (!ok) {
        deps.log.warn('quit password refused');
        return { ok: false };
      }
      deps.log.info('quit password accepted: releasing the lockdown');
      // The service hears of it (queued on disk first, so a quit while offline is sent on the next start).
      if (deps.session.current()) {
        await deps.incidents
          .report({ type: 'LOCKDOWN_QUIT', details: { state: deps.session.current()?.state } })
          .catch((error: unknown) => deps.log.error('LOCKDOWN_QUIT not journaled', { error: String(error) }));
        await Promise.race([deps.incidents.activeQueue?.flush(), delay(QUIT_FLUSH_WAIT_MS)]);
      }
      await deps.exam?.close();
      await deps.lockdown?.release('quit with the proctor password');
      deps.quitApp?.();
      return { ok: true };
    },
  };
}
