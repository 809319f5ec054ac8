/**
 * The client's composition root: the dependencies of the IPC handlers built from plain Node only
 * (systeminformation, fs, the signed API client). The preview/e2e bridge host uses them as they are,
 * and main/index.ts adds the Electron-only parts (screen, safeStorage, windows, lockdown) on top.
 */
import { join } from 'node:path';
import type { ClientInfo } from '../../shared/api/client';
import type { ExamPolicy } from '../../shared/policy';
import { ApiClient } from '../api/api-client';
import type { RetryPolicy } from '../api/retry-interceptor';
import { reportTamperedResponses } from '../api/tamper-report';
import { IncidentReporter } from '../incidents/incident-reporter';
import { consoleLogger, type Logger } from '../logger';
import { SessionController } from '../session/session-controller';
import { LaunchAttemptKeys } from '../session/launch-attempt-keys';
import { SessionEventStream } from '../session/session-event-stream';
import { Heartbeat } from '../session/heartbeat';
import { TERMINAL_STATES } from '../../shared/session-states';
import { measureNetwork } from '../system/network-probe';
import { runSystemCheck } from '../system/system-check';
import { createSystemProbe, type SystemProbe } from '../system/system-probe';
import { defaultServiceUrl } from '../config/service-origin';
import type { EventEmitterFn, RecordingsPort } from '../core/ports';
import { Keyring } from '../keyring/keyring';
import type { SessionKey } from '../keyring/session-key';
import { RecordingClock } from '../recordings/recording-clock';
import { createRecordingIntake } from '../recordings/recording-intake';
import type { RecordingsRuntime } from '../recordings/recordings-runtime';
import type { HandlerDeps } from './ipc-handlers';

export interface NodeDepsOptions {
  serviceUrl?: string;
  /** Incident journals (`incidents/`) and the recordings spool (`spool/`) live here. */
  dataDir: string;
  version: string;
  kind: ClientInfo['kind'];
  emit: EventEmitterFn;
  log?: Logger;
  platform?: NodeJS.Platform;
  managed?: boolean;
  applyPolicyOverrides?: (policy: ExamPolicy) => ExamPolicy;
  /** Told the session's key after launch and null when the session ends (crash-recovery bookkeeping). */
  persistCredentials?: (credentials: SessionKey | null) => Promise<void>;
  pendingLaunchCode?: () => string | null;
  /**
   * main/recordings/ plugs in here (recordings-runtime.ts): its intake reads the session's key from
   * the keyring, and the API client signs with the runtime's service clock.
   */
  recordingsRuntime?: RecordingsRuntime;
  /** Electron's screen.getAllDisplays().length, when there is a screen module. */
  displayCount?: () => number;
  probe?: SystemProbe;
  retry?: Partial<RetryPolicy>;
  /** The service's Ed25519 public keys this build pins (main/build-mode): answers must be signed by one. */
  servicePublicKeys?: readonly string[];
  /** Backoff of the incident queue and the event stream after the network drops. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

export interface NodeDeps extends HandlerDeps {
  api: ApiClient;
  /** The one custody of the live session's key (the API client's, the journal's, the recordings'). */
  keyring: Keyring;
  events: SessionEventStream;
  heartbeat: Heartbeat;
  /** Stops the event stream and the disk watch and closes the incident journal (after trying to flush it). */
  dispose(): Promise<void>;
}

export function createNodeDeps(options: NodeDepsOptions): NodeDeps {
  const log = options.log ?? consoleLogger;
  const platform = options.platform ?? process.platform;
  const serviceUrl = options.serviceUrl ?? defaultServiceUrl();
  const keyring = new Keyring();
  const api = new ApiClient({
    serviceUrl,
    keyring,
    ...(options.recordingsRuntime ? { clock: options.recordingsRuntime.clock } : {}),
    client: { version: options.version, platform, kind: options.kind },
    retry: options.retry,
    servicePublicKeys: options.servicePublicKeys ?? [],
  });
  const session = new SessionController({
    api,
    applyPolicyOverrides: options.applyPolicyOverrides,
    persistCredentials: options.persistCredentials,
    launchAttempts: new LaunchAttemptKeys(join(options.dataDir, 'launch-attempts.json')),
  });
  const recordingClock = new RecordingClock();
  const incidents = new IncidentReporter({
    recordingOffsetMs: () => recordingClock.offsetMs(session.current()?.sessionId),
    dataDir: options.dataDir,
    journalKey: (sessionId) => {
      const held = keyring.current();
      return held?.sessionId === sessionId ? held.secretKey : null;
    },
    // The queue has its own backoff: one attempt per flush.
    send: async (batch) => {
      await api.postIncidents(batch, { retries: 0 });
    },
    emit: options.emit,
    log,
    retryBaseMs: options.reconnectBaseMs,
    retryMaxMs: options.reconnectMaxMs,
  });
  reportTamperedResponses(api, incidents, log);
  const events = new SessionEventStream({
    api,
    log,
    retryBaseMs: options.reconnectBaseMs,
    retryMaxMs: options.reconnectMaxMs,
    onEvent: (event) => {
      if (event.type === 'state') {
        session.applyPushedState(event.state);
        options.emit('session:event', event);
      } else if (event.type === 'auth-score') {
        options.emit('session:event', event);
      }
    },
  });
  const heartbeat = new Heartbeat({
    beat: () => api.heartbeat(),
    onStatus: (status) => session.applyPushedState(status.state),
    log,
  });
  // Once the session is over there is nothing to keep alive or listen to.
  session.onChange((summary) => {
    if (!TERMINAL_STATES.includes(summary.state)) return;
    heartbeat.stop();
    events.stop();
  });
  const probe = options.probe ?? createSystemProbe();
  const intake =
    options.recordingsRuntime &&
    createRecordingIntake(options.recordingsRuntime, {
      credentials: () => {
        const key = keyring.current();
        return key ? { ...key, serviceUrl } : null;
      },
      policy: () => session.current()?.policy ?? null,
      emit: options.emit,
      reportIncident: (type, details) => incidents.report({ type, details }),
      log,
    });
  const recordings: RecordingsPort | undefined = intake && {
    ...intake,
    begin: async (request) => {
      const begun = await intake.begin(request);
      const sessionId = session.current()?.sessionId;
      if (sessionId) recordingClock.recordingBegan(sessionId);
      return begun;
    },
  };

  return {
    app: {
      version: options.version,
      platform,
      preview: options.kind === 'preview',
      managed: options.managed ?? false,
      pendingLaunchCode: options.pendingLaunchCode ?? (() => null),
    },
    api,
    keyring,
    session,
    incidents,
    events,
    recordings,
    log,
    systemCheck: (policy) =>
      runSystemCheck(
        {
          probe,
          displayCount: options.displayCount,
          measureNetwork: () => measureNetwork(api),
          spoolDir: join(options.dataDir, 'spool'),
          platform,
        },
        policy,
      ),
    heartbeat,
    onLaunched: () => {
      events.start();
      heartbeat.start();
    },
    async dispose() {
      events.stop();
      heartbeat.stop();
      intake?.dispose();
      await incidents.closeSession();
    },
  };
}
